"""The benchmark cases: one server configuration and one credential kind each.

Every case hits the same `/api/auth/me/`-shaped view; only the auth work differs, so each
case's throughput divided by the no-auth baseline's (the runs around it) is the price of
that style. Each auth style runs twice: `<style>_stock`, the libraries' own code with ordinary
settings (LAB_TUNING=0), and `<style>`, the lab's fast paths switched on (LAB_TUNING=1,
backend/tuning/). Targets hold for the tuned figures; stock figures have none.
"""

from dataclasses import dataclass, field

ME_PATH = "/api/auth/me/"
# The baseline: /me's twin without authenticators (asked of the lead in docs/requests/bench.md);
# /api/health/ stands in while it is missing.
NOAUTH_PATHS = ("/api/lab/bench/noauth/", "/api/health/")
BASELINE = "noauth"
STOCK_SUFFIX = "_stock"
TUNING = "LAB_TUNING"

# Throughput targets for the tuned figures, as a fraction of the no-auth baseline (issue 13).
TARGET_STATELESS = 0.85
TARGET_CACHE_STORE = 0.75
TARGET_DB_PER_REQUEST = 0.50


@dataclass(frozen=True)
class Case:
    name: str
    label: str
    credential: str  # "none" | "session" | "jwt"
    server_env: dict = field(default_factory=dict)
    target: float | None = None
    target_reason: str = ""
    tuned: bool = False

    @property
    def style(self) -> str:
        """The auth style both its servers share: `session_db` for `session_db_stock` too."""
        return style_of(self.name)


def style_of(name: str) -> str:
    return name.removesuffix(STOCK_SUFFIX)


def _stock_and_tuned(name, label, credential, env, target=None, reason="") -> tuple[Case, Case]:
    stock = Case(f"{name}{STOCK_SUFFIX}", label, credential, {**env, TUNING: "0"})
    tuned = Case(name, label, credential, {**env, TUNING: "1"}, target, reason, tuned=True)
    return stock, tuned


CASES = (
    Case(BASELINE, "no auth (baseline)", "none", {"SESSION_STORE": "db", TUNING: "0"}),
    *_stock_and_tuned(
        "session_db",
        "session, db store",
        "session",
        {"SESSION_STORE": "db"},
        TARGET_DB_PER_REQUEST,
        "reads the session row from the database per request",
    ),
    *_stock_and_tuned(
        "session_cached_db",
        "session, cached_db store",
        "session",
        {"SESSION_STORE": "cached_db"},
        TARGET_CACHE_STORE,
        "a session in a cache store",
    ),
    *_stock_and_tuned(
        "session_redis",
        "session, redis store",
        "session",
        {"SESSION_STORE": "redis"},
        TARGET_CACHE_STORE,
        "a session in a cache store",
    ),
    # Issue 13 names no target for signed cookies: reported beside the others.
    *_stock_and_tuned(
        "session_signed", "session, signed cookie", "session", {"SESSION_STORE": "signed"}
    ),
    # simplejwt's own authenticator: the library's reference for "JWT + a user query", so no
    # target of its own, tuned or not (tuned, only its token class changes).
    *_stock_and_tuned(
        "jwt_db",
        "JWT + user query (simplejwt's JWTAuthentication)",
        "jwt",
        {"JWT_AUTHENTICATOR": "db"},
    ),
    *_stock_and_tuned(
        "jwt_stateless",
        "JWT, stateless",
        "jwt",
        {"JWT_AUTHENTICATOR": "stateless"},
        TARGET_STATELESS,
        "no I/O at all: signature and claims only",
    ),
)

CASES_BY_NAME = {case.name: case for case in CASES}


def select_cases(names: list[str] | None) -> tuple[Case, ...]:
    """The named cases in canonical order, always with the baseline first."""
    if not names:
        return CASES
    unknown = sorted(set(names) - set(CASES_BY_NAME))
    if unknown:
        known = ", ".join(CASES_BY_NAME)
        raise SystemExit(f"Unknown case(s): {', '.join(unknown)}; known: {known}")
    wanted = set(names) | {BASELINE}
    return tuple(case for case in CASES if case.name in wanted)
