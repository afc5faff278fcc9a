"""The lab's cookie names: plain over http, prefixed over https. One table.

No Django imports: both Django projects' settings (the API's, the web client's server) take
their names from here — SESSION_COOKIE_NAME, CSRF_COOKIE_NAME, JWT_ACCESS_COOKIE_NAME,
JWT_REFRESH_COOKIE_NAME, BFF_COOKIE_NAME — and code under Django reads those settings. Code
outside Django (launchers, raw-request tests) calls `cookie_names(https=...)`.

Why prefixes over https (RFC 6265bis §4.1.3): a browser stores a `__Host-` cookie only if it is
Secure, was set from a secure origin, has Path=/ and no Domain, so neither a sibling
`*.localhost` host nor plain http can plant or overwrite it (cookie tossing). `__Secure-` only
demands Secure and a secure origin. The session, CSRF and BFF cookies are Path=/ (the BFF's
moves from /bff/ to / for it) with no Domain, so they take `__Host-` under every policy,
Partitioned included (CHIPS requires Secure, and allows `__Host-`). The two JWT cookies take
`__Secure-`: their Paths (/api/ and /api/auth/cookie-jwt/) keep the refresh token off every
ordinary request, and `__Host-` would force Path=/.
Over plain http no prefix is possible (a prefixed cookie must be Secure, which WebKit and curl
refuse over http even on *.localhost), so http keeps the names Django and the lab always used.
"""

from dataclasses import dataclass

HOST_PREFIX = "__Host-"
SECURE_PREFIX = "__Secure-"


@dataclass(frozen=True)
class CookieNames:
    session: str
    csrf: str
    jwt_access: str
    jwt_refresh: str
    bff: str


PLAIN = CookieNames("sessionid", "csrftoken", "jwt_access", "jwt_refresh", "lab_bff")
PREFIXED = CookieNames(
    session=HOST_PREFIX + PLAIN.session,
    csrf=HOST_PREFIX + PLAIN.csrf,
    jwt_access=SECURE_PREFIX + PLAIN.jwt_access,
    jwt_refresh=SECURE_PREFIX + PLAIN.jwt_refresh,
    bff=HOST_PREFIX + PLAIN.bff,
)


def cookie_names(*, https: bool) -> CookieNames:
    """The names the lab's cookies carry when it serves over https (or plain http)."""
    return PREFIXED if https else PLAIN
