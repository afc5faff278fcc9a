"""Judges one attack from what the API recorded for its marker: which credential arrived, how
the API answered, and so which defence stopped it. Pure: no Django, no network.

The API cannot see a cookie the browser withheld; the victim's cookie policy, when the user
states it (as the lab's echo does), lets the verdict name the browser rule that withheld it.
"""

from backend.authentication.cookie_names import PLAIN, PREFIXED
from infra.attacker_site.attacks import WINDOW, Attack

SAMESITE = "SameSite"
THIRD_PARTY = "third-party-cookie blocking"
PARTITIONED = "Partitioned keying"
CSRF_TOKEN = "the CSRF token"
ORIGIN = "the Origin check"
BFF_HEADER = "the BFF's X-CSRF header check"
CORS = "CORS"
NO_AMBIENT = "no ambient credential"

# The cookies that authenticate, by mode: Django's session cookie, the cookie JWT's access
# cookie (issue 14, contract A) and the BFF's first-party cookie (contract B), under their http
# and their https (`__Host-`/`__Secure-`) names.
CREDENTIAL_COOKIES = {
    name: mode
    for names in (PLAIN, PREFIXED)
    for name, mode in (
        (names.session, "session"),
        (names.jwt_access, "cookie-jwt"),
        (names.bff, "bff"),
    )
}
BFF_CODES = {"bff_csrf_header_missing": BFF_HEADER, "bff_origin_refused": ORIGIN}

WITHHELD = {
    "lax": (SAMESITE, "SameSite=Lax: sent on cross-site top-level GET navigations only"),
    "strict": (SAMESITE, "SameSite=Strict: never sent on a request another site started"),
    "partitioned": (
        PARTITIONED,
        "Partitioned: kept under the top-level site of the lab page that stored it; this "
        "request ran under another top-level site, so that cookie jar was not consulted",
    ),
}


def withheld_by(mode: str | None, policy: str | None, delivery: str) -> tuple[list[str], str]:
    """The layer that kept the credential home, by the rules, for a stated victim."""
    if mode == "jwt":
        return [NO_AMBIENT], (
            "a bearer token is attached only by the lab page's own script; the browser adds "
            "nothing by itself that the API would take for the victim"
        )
    if mode == "bff":
        return [SAMESITE], "lab_bff is SameSite=Strict: no other site's request carries it"
    if policy in WITHHELD:
        layer, why = WITHHELD[policy]
        return [layer], why
    if policy == "none":
        if delivery == WINDOW:
            return [], (
                "SameSite=None is sent on a top-level cross-site POST; none arrived, so the "
                "victim holds no session on this API (not signed in, or another topology)"
            )
        return [THIRD_PARTY], (
            "SameSite=None allows it, but under the attacker's top-level site the API's cookie "
            "is a third-party cookie, and this browser blocks those"
        )
    return [SAMESITE, THIRD_PARTY, PARTITIONED], (
        "no credential cookie arrived: by its policy it was withheld by SameSite (lax, "
        "strict), third-party-cookie blocking (none, framed or fetched) or Partitioned keying "
        "— say which policy the victim chose to name one"
    )


def _refusal_layers(attempt: dict) -> list[str]:
    detail, code = attempt.get("detail") or "", attempt.get("code") or ""
    if code in BFF_CODES:
        return [BFF_CODES[code]]
    if "CSRF Failed" not in detail:
        return []
    if "Origin checking failed" in detail or "Referer checking failed" in detail:
        return [ORIGIN]
    return [CSRF_TOKEN]


def _received(attempt: dict) -> str:
    cookies = ", ".join(attempt["cookies"]) or "none"
    bearer = f", Authorization: {attempt['authorization_scheme']}" * bool(
        attempt["authorization_scheme"]
    )
    return (
        f"{attempt['method']} {attempt['path']} from Origin {attempt['origin'] or '(none)'} "
        f"(Sec-Fetch-Site: {attempt['sec_fetch_site'] or 'not sent'}), "
        f"{attempt['content_type'] or 'no content type'}; cookies: {cookies}{bearer}; "
        f"answered {attempt['status']}"
    )


def _defences_off(attack: Attack, credentials: list[str], attempt: dict) -> str:
    if attack.family == "login-csrf":
        return (
            "A login needs no cookie, so the CSRF/Origin check is all that stands here: without "
            "it the victim's browser would now be signed in as the attacker's account, and "
            "whatever the victim writes next would land in the attacker's account."
        )
    if not credentials:
        return (
            f"No credential arrived, so without any CSRF check the API would still have "
            f"answered {attempt['status']}: there was nobody to act as."
        )
    body = (
        " The API would then have refused the body (it parses JSON only: 415) — a parser is "
        "not a CSRF defence: DRF's default parsers take form bodies."
        if attempt["content_type"] and "json" not in attempt["content_type"]
        else ""
    )
    return (
        f"{', '.join(credentials)} arrived: without the check the request would have run as "
        f"the victim.{body}"
    )


def csrf_verdict(attack: Attack, attempts: list[dict] | None, *, mode: str | None = None,
                 policy: str | None = None, reaches_api_process: bool = True) -> dict:  # fmt: skip
    """{outcome, stopped_by, received, why, defences_off}; outcome is "refused", "worked" or
    "unknown"."""
    if attempts is None:
        return _verdict("unknown", [], "the API's attack log is off here", "", "")
    sent = [a for a in attempts if a["method"] != "OPTIONS"]
    preflights = [a for a in attempts if a["method"] == "OPTIONS"]
    if not sent:
        if preflights and not preflights[-1]["cors_allowed_origin"]:
            return _verdict(
                "refused", [CORS], _received(preflights[-1]),
                "the preflight got no Access-Control-Allow-Origin: the browser never sent "
                "the request itself",
                "CORS guards browsers, not credentials: the attacker's server sends the same "
                "header with no preflight, and the API answers it (the collector's use-access).",
            )  # fmt: skip
        if not reaches_api_process:
            # A login needs no cookie: there the header check is the whole defence.
            layers, why = withheld_by("bff", None, attack.delivery)
            if attack.family != "csrf":
                layers, why = [], "a login needs no cookie"
            return _verdict(
                "refused", [*layers, BFF_HEADER], "nothing reached the API",
                f"the BFF on the page's origin answered itself ({why}); a form or a simple "
                "fetch cannot add X-CSRF, and a fetch that adds it needs a preflight the BFF "
                "refuses", "",
            )  # fmt: skip
        return _verdict("unknown", [], "nothing arrived", "no request reached the API", "")
    attempt = sent[-1]
    credentials = [name for name in attempt["cookies"] if name in CREDENTIAL_COOKIES]
    if attempt["authorization_scheme"]:
        credentials.append(f"Authorization: {attempt['authorization_scheme']}")
    received = _received(attempt)
    off = _defences_off(attack, credentials, attempt)
    if 200 <= attempt["status"] < 300:
        who = attempt.get("authenticated_as") or ("the attacker" * (attack.family != "csrf"))
        return _verdict("worked", [], received, f"the API accepted it (as {who})", off)
    layers = _refusal_layers(attempt)
    if layers:
        why = attempt["detail"] or attempt["code"]
        if attack.family == "csrf" and not credentials:
            # Refused before authentication, and no credential came anyway (the BFF's check).
            withheld, because = withheld_by(mode, policy, attack.delivery)
            layers, why = [*withheld, *layers], f"{because}; and {why}"
        return _verdict("refused", layers, received, why, off)
    if not credentials:
        layers, why = withheld_by(mode, policy, attack.delivery)
        return _verdict("refused", layers, received, why, off)
    return _verdict("refused", [], received, attempt.get("detail") or "refused", off)


def _verdict(outcome, stopped_by, received, why, defences_off) -> dict:
    return {
        "outcome": outcome,
        "stopped_by": stopped_by,
        "received": received,
        "why": why,
        "defences_off": defences_off,
    }
