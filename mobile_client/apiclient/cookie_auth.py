"""What every cookie-authenticated mode does alike: the CSRF dance around a login, the CSRF
headers on unsafe calls, and an empty jar after logout.

A cookie is ambient, so the API demands the CSRF token and a trusted Origin on every unsafe
request a cookie authenticates, logins included, whoever the caller is. `origin` is the
Origin header sent with them. A native app is not a web page and has no origin of its own; it
sends the API's own origin, i.e. it declares itself a same-origin, first-party client rather
than borrowing a web client's origin (see "Which Origin does a native client send?" in
mobile_client/README.md).
"""

from . import paths
from .cookie_jar import forget_cookies
from .errors import BadResponseError, CsrfRejected, InvalidCredentials
from .server_cookies import cookie_name
from .status_errors import error_for_reply, server_detail
from .transport import Reply, Transport

CSRF_HEADER = "X-CSRFToken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A logout that answers 401 found nothing left to end: the device forgets its cookies anyway.
LOGOUT_OK = frozenset({200, 204, 205, 401})


class CookieAuth:
    """Base of the cookie modes; a subclass names its endpoints and reads its login answer.

    `cookie_policy` (lax, strict, none, partitioned; None for the server's default) is asked for
    with the CSRF token and at login, so every cookie the server sets carries that policy.
    """

    mode = ""
    refusal_hint = None
    # The plain name of the cookie that carries the sign-in (the echo diagnosis looks for it,
    # under the name the server gives it: `credential_cookie`).
    credential_cookie_plain = ""
    login_path = ""
    logout_path = ""

    def __init__(self, transport: Transport, origin: str, cookie_policy: str | None = None):
        self.transport = transport
        self.origin = origin
        self.cookie_policy = cookie_policy
        self._csrf_token: str | None = None

    def server_cookie(self, plain_name: str) -> str:
        """`plain_name` as this server sets it (`__Host-`/`__Secure-` over https)."""
        return cookie_name(plain_name, self.transport.server_url)

    @property
    def credential_cookie(self) -> str:
        plain = self.credential_cookie_plain
        return self.server_cookie(plain) if plain else ""

    def login(self, username: str, password: str) -> dict:
        params = {"cookie_policy": self.cookie_policy} if self.cookie_policy else None
        csrf_reply = self.transport.request(
            "GET",
            paths.SESSION_CSRF,
            params=params,
            note="fetch a CSRF token before the unsafe login",
        )
        if csrf_reply.status != 200:
            raise error_for_reply(csrf_reply)
        headers = {CSRF_HEADER: field(csrf_reply, "csrfToken"), "Origin": self.origin}
        headers.update(self.cookies_for_login(csrf_reply))
        body = {"username": username, "password": password}
        if self.cookie_policy:
            body["cookie_policy"] = self.cookie_policy
        reply = self.transport.request("POST", self.login_path, json_body=body, headers=headers)
        if reply.status in (400, 401):
            detail = server_detail(reply)
            raise InvalidCredentials(
                "Wrong username or password.", status=reply.status, detail=detail
            )
        if reply.status == 403:
            raise CsrfRejected(
                f"The server refused the login with Origin {self.origin} (403): "
                f"{server_detail(reply)} Ask the API to trust this origin.",
                status=403,
                detail=server_detail(reply),
            )
        if reply.status != 200:
            raise error_for_reply(reply)
        # Django rotates the CSRF token at login; the old one would be refused from now on.
        self._csrf_token = field(reply, "csrfToken")
        return self.user_from(reply)

    def user_from(self, login_reply: Reply) -> dict:
        """The signed-in user as the login answer names it."""
        raise NotImplementedError

    def cookies_for_login(self, csrf_reply: Reply) -> dict:
        """Extra headers for the login POST; the cookie jar already carries `csrftoken`."""
        return {}

    def can_resume(self) -> bool:
        return False  # the jar lives in memory only: a restart means a new login

    def headers_for(self, method: str) -> dict:
        if method in SAFE_METHODS or self._csrf_token is None:
            return {}
        return {CSRF_HEADER: self._csrf_token, "Origin": self.origin}

    def recover(self) -> bool:
        return False

    def logout(self) -> None:
        try:
            reply = self.transport.request(
                "POST", self.logout_path, headers=self.headers_for("POST")
            )
            if reply.status not in LOGOUT_OK:
                raise error_for_reply(reply)
        finally:
            self.forget()

    def forget(self) -> None:
        """Drop the CSRF token and every cookie: this device is signed out."""
        self._csrf_token = None
        forget_cookies(self.transport.session)

    def access_claims(self) -> dict:
        return {}

    def seconds_left(self) -> float | None:
        return None


def field(reply: Reply, name: str):
    """A field of a JSON answer the client cannot do without."""
    if not isinstance(reply.data, dict) or name not in reply.data:
        raise BadResponseError(f"The server's answer has no '{name}' field.")
    return reply.data[name]
