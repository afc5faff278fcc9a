"""The attacks this site runs, as data: what each sends, how, and to which lab address.

The page (static/attacks.js) carries them out in the browser; verdicts.py judges each from
what the API recorded for its marker. Targets depend on the victim's mode: the API itself for
session, cookie-JWT and bearer, the page's own origin (/bff/) for the BFF.
"""

from dataclasses import asdict, dataclass

from infra.attacker_site.site_config import Settings

# How the request leaves the attacker's page.
FRAME = "frame"  # a form auto-submitted inside a hidden iframe: the API is a third party
WINDOW = "window"  # a form auto-submitted in a new top-level window: a cross-site navigation
FETCH = "fetch"  # fetch(credentials: "include") with a simple content type: no preflight
URLENCODED = "application/x-www-form-urlencoded"
TEXT_PLAIN = "text/plain"

MODES = ("session", "cookie-jwt", "jwt", "bff")
# The attacker's own account: a login CSRF signs the victim's browser in as this user.
ATTACKER_ACCOUNT = "bob"
NOTE_TEXT = "written by attacker.localhost"


@dataclass(frozen=True)
class Attack:
    id: str
    family: str  # "csrf", "login-csrf" or "token-use"
    label: str
    delivery: str
    enctype: str


ATTACKS = [
    Attack("csrf-form", "csrf", "Form POST, urlencoded, in a hidden frame", FRAME, URLENCODED),
    Attack(
        "csrf-form-text", "csrf", "Form POST, text/plain JSON, in a hidden frame", FRAME, TEXT_PLAIN
    ),
    Attack("csrf-form-top", "csrf", "Form POST, urlencoded, in a new window", WINDOW, URLENCODED),
    Attack("csrf-fetch", "csrf", 'fetch, credentials: "include", text/plain', FETCH, TEXT_PLAIN),
    Attack(
        "login-form",
        "login-csrf",
        "Login form POST as the attacker, in a new window",
        WINDOW,
        URLENCODED,
    ),
    Attack(
        "login-fetch",
        "login-csrf",
        'Login fetch as the attacker, credentials: "include"',
        FETCH,
        TEXT_PLAIN,
    ),
    # A bearer token stolen by XSS, tried from this browser: the header forces a preflight.
    Attack(
        "bearer-fetch",
        "token-use",
        'fetch with "Authorization: Bearer <stolen>"',
        FETCH,
        "none (GET)",
    ),
]
BY_ID = {attack.id: attack for attack in ATTACKS}

# Where each family aims, per mode: (base, path); base "api" or "page" (the BFF's origin).
PATHS = {
    ("csrf", "session"): ("api", "/api/notes/"),
    ("csrf", "cookie-jwt"): ("api", "/api/notes/"),
    ("csrf", "jwt"): ("api", "/api/notes/"),
    ("csrf", "bff"): ("page", "/bff/api/notes/"),
    ("login-csrf", "session"): ("api", "/api/auth/session/login/"),
    ("login-csrf", "cookie-jwt"): ("api", "/api/auth/cookie-jwt/login/"),
    ("login-csrf", "bff"): ("page", "/bff/login/"),
    **{("token-use", mode): ("api", "/api/auth/me/") for mode in MODES},
    # A bearer login answers with tokens in a body only the caller's script reads: a forged
    # one hands the tokens to nobody, so there is no login CSRF to try.
}


def target_url(site: Settings, attack: Attack, *, mode: str, topology: str) -> str | None:
    where = PATHS.get((attack.family, mode))
    if where is None:
        return None
    base, path = where
    origins = site.api_origins if base == "api" else site.page_origins
    return origins[topology] + path


def fields(attack: Attack, *, marker: str, password: str) -> dict[str, str]:
    """The body the attack sends (a form's fields; a fetch sends them as JSON text)."""
    if attack.family == "login-csrf":
        return {"username": ATTACKER_ACCOUNT, "password": password}
    return {"title": f"csrf-{marker}", "text": NOTE_TEXT}


def catalog() -> list[dict]:
    return [asdict(attack) for attack in ATTACKS]
