"""The benchmark cases: one server configuration and one credential kind each.

Every case hits the same `/api/auth/me/`-shaped view; only the auth work differs, so each
case's throughput divided by the no-auth baseline's (the runs around it) is the price of
that style.
"""

from dataclasses import dataclass, field

ME_PATH = "/api/auth/me/"
# The baseline: /me's twin without authenticators (asked of the lead in docs/requests/bench.md);
# /api/health/ stands in while it is missing.
NOAUTH_PATHS = ("/api/lab/bench/noauth/", "/api/health/")

# Throughput targets as a fraction of the no-auth baseline (issue 6).
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


CASES = (
    Case("noauth", "no auth (baseline)", "none", {"SESSION_STORE": "db"}),
    Case(
        "session_db",
        "session, db store",
        "session",
        {"SESSION_STORE": "db"},
        TARGET_DB_PER_REQUEST,
        "reads the session row from the database per request (the user snapshot from memory)",
    ),
    Case(
        "session_cached_db",
        "session, cached_db store",
        "session",
        {"SESSION_STORE": "cached_db"},
        TARGET_CACHE_STORE,
        "session and user snapshot from process memory, invalidated by Redis",
    ),
    Case(
        "session_redis",
        "session, redis store",
        "session",
        {"SESSION_STORE": "redis"},
        TARGET_CACHE_STORE,
        "session and user snapshot from process memory, invalidated by Redis",
    ),
    Case(
        "session_signed",
        "session, signed cookie",
        "session",
        {"SESSION_STORE": "signed"},
        TARGET_DB_PER_REQUEST,
        "no session store; the user snapshot from process memory, invalidated by Redis",
    ),
    Case(
        "jwt_db",
        "JWT, simplejwt default (user query)",
        "jwt",
        {"JWT_AUTHENTICATOR": "db"},
        TARGET_DB_PER_REQUEST,
        "reads the user from the database per request",
    ),
    Case(
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
    wanted = set(names) | {"noauth"}
    return tuple(case for case in CASES if case.name in wanted)
