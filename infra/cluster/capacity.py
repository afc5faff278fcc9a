"""What the measured figures mean at 1 million and 100 million active users.

Pure arithmetic on `make state-size` results: every number is a measured figure times a
stated assumption, never a guess.
"""

import math
from dataclasses import dataclass

USER_COUNTS = (1_000_000, 100_000_000)


@dataclass(frozen=True)
class Assumptions:
    requests_per_user_per_second: float = 0.1  # one API request every 10 s per active user
    sessions_per_user: float = 1.0  # one live session, or one refresh-token chain, each

    def describe(self) -> str:
        return (
            f"each active user sends {self.requests_per_user_per_second:g} requests/s and holds "
            f"{self.sessions_per_user:g} live session (or refresh-token chain); a user logs in "
            "once per session lifetime; a JWT client refreshes once per access-token lifetime "
            "while active"
        )


@dataclass(frozen=True)
class Measured:
    """The figures the projection needs, taken from the probes' results."""

    bytes_per_session: dict[str, float]  # store -> bytes of server state per live session
    session_reads_per_request: float
    session_lifetime_seconds: float
    session_cookie_bytes: int
    signed_cookie_bytes: int
    jwt_header_bytes: int
    jwt_user_reads_per_request: float
    refresh_statements: float
    access_ttl_seconds: float
    refresh_ttl_seconds: float
    outstanding_row_bytes: float
    blacklisted_row_bytes: float
    redis_gets_per_second: float | None  # one redis-server on this machine; None: not measured


def per_item(sizes: dict, meter: str | None = None) -> float:
    """Bytes per item at the largest measured count (the least granular figure)."""
    count = max(sizes, key=int)
    values = sizes[count]
    return (values[meter] if meter else sum(values.values())) / int(count)


def measured_from(results: dict) -> Measured:
    jwt = results["jwt (db authenticator)"]
    return Measured(
        bytes_per_session={
            store: per_item(results[store]["sizes"])
            for store in ("redis", "db", "cached_db", "memory")
        },
        session_reads_per_request=results["redis"]["per_request"]["redis_commands"],
        session_lifetime_seconds=results["redis"]["session_lifetime_seconds"],
        session_cookie_bytes=results["db"]["cookie_header_bytes"],
        signed_cookie_bytes=results["signed"]["cookie_header_bytes"],
        jwt_header_bytes=jwt["authorization_header_bytes"],
        jwt_user_reads_per_request=jwt["per_request"]["db_reads"],
        refresh_statements=jwt["per_refresh"]["db_reads"] + jwt["per_refresh"]["db_writes"],
        access_ttl_seconds=jwt["access_ttl_seconds"],
        refresh_ttl_seconds=jwt["refresh_ttl_seconds"],
        outstanding_row_bytes=per_item(jwt["sizes"], "outstanding"),
        blacklisted_row_bytes=per_item(jwt["sizes"], "blacklisted"),
        redis_gets_per_second=results["redis"].get("gets_per_second"),
    )


def projection(m: Measured, assume: Assumptions, users: int) -> dict[str, str]:
    """Row label -> figure, for one number of active users."""
    requests = users * assume.requests_per_user_per_second
    sessions = users * assume.sessions_per_user
    refreshes = users / m.access_ttl_seconds
    rotated_tokens = m.refresh_ttl_seconds / m.access_ttl_seconds
    store = m.bytes_per_session
    reads = requests * m.session_reads_per_request
    rows = {
        "session state in Redis": human_bytes(sessions * store["redis"]),
        "session state in the database": human_bytes(sessions * store["db"]),
        "cached_db: database + Redis": human_bytes(sessions * store["cached_db"]),
        "in-process store, on EACH replica": human_bytes(sessions * store["memory"]),
        "session store reads": human_rate(reads),
        "session store writes (logins)": human_rate(sessions / m.session_lifetime_seconds),
        "session cookie bytes received": human_bytes(requests * m.session_cookie_bytes) + "/s",
        "signed cookie bytes received": human_bytes(requests * m.signed_cookie_bytes) + "/s",
        "JWT Authorization bytes received": human_bytes(requests * m.jwt_header_bytes) + "/s",
        "JWT, db authenticator: user reads": human_rate(requests * m.jwt_user_reads_per_request),
        "JWT refreshes": human_rate(refreshes),
        "JWT refresh SQL reads + writes": human_rate(refreshes * m.refresh_statements),
        "JWT token rows, one login each": human_bytes(sessions * m.outstanding_row_bytes),
        "JWT token rows, active all day": human_bytes(
            sessions * rotated_tokens * (m.outstanding_row_bytes + m.blacklisted_row_bytes)
        ),
    }
    if m.redis_gets_per_second:
        rows["redis-servers for the reads, at the GET rate measured here"] = (
            f"{math.ceil(reads / m.redis_gets_per_second):,}"
        )
    return rows


def human_bytes(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1000:
            return f"{count:,.0f} {unit}" if unit == "B" else f"{count:,.1f} {unit}"
        count /= 1000
    return f"{count:,.1f} TB"


def human_rate(count: float) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:,.1f} M/s"
    if count >= 1_000:
        return f"{count / 1_000:,.1f} k/s"
    return f"{count:,.1f}/s"
