"""What the measured curves mean past the largest step: extrapolations and the capacity note.

Pure arithmetic on `make scale`'s results: every number is a measured figure times a stated
assumption; extrapolated sizes are labelled as such wherever they appear.
"""

from dataclasses import dataclass

GIB = 1024**3
EXTRAPOLATED_SIZES = (10_000_000, 100_000_000)


@dataclass(frozen=True)
class TypicalServer:
    """The server a capacity figure is for: stated, not measured."""

    ram_gib: int = 64
    # Redis: leave room for fragmentation, replication buffers and client output buffers.
    # PostgreSQL: what the table and its indexes may take of shared_buffers + the OS page
    # cache before primary-key lookups start to wait for the disk.
    usable_fraction: float = 0.75
    requests_per_user_per_second: float = 0.1  # one API request every 10 s per active user
    # JWT rotation: one refresh per access-token lifetime (production's 5 minutes) while the
    # user is active; the rows stay until the refresh token expires (24 h), then prune.
    access_lifetime_s: int = 300
    active_seconds_per_day: int = 24 * 3600

    @property
    def usable_bytes(self) -> float:
        return self.ram_gib * GIB * self.usable_fraction

    @property
    def refreshes_per_day(self) -> int:
        return self.active_seconds_per_day // self.access_lifetime_s


def bytes_per_item(store: dict) -> float:
    """Bytes per live item at the largest measured step (the least granular figure)."""
    largest = store["steps"][-1]
    return largest["bytes"] / largest["live"]


def extrapolated(store: dict) -> dict[int, float]:
    """Bytes at sizes past the largest step, at the largest step's bytes per item."""
    per_item = bytes_per_item(store)
    largest = store["steps"][-1]["live"]
    return {size: per_item * size for size in EXTRAPOLATED_SIZES if size > largest}


def capacity_lines(results: dict, server: TypicalServer = TypicalServer()) -> list[str]:
    """The capacity note's arithmetic, one line per claim, from the measured figures."""
    stores, lines = results["stores"], []
    usable = (
        f"{server.usable_fraction:.0%} of {server.ram_gib} GiB = "
        f"{server.usable_bytes / GIB:.0f} GiB"
    )
    for name, label in (("redis", "One Redis"), ("db", "One PostgreSQL")):
        if name not in stores:
            continue
        per = bytes_per_item(stores[name])
        fits = server.usable_bytes / per
        lines.append(
            f"{label} holds {usable} / {per:,.0f} B per session = **{fits / 1e6:,.0f} million "
            "live sessions** in memory"
            + (" (Redis keeps everything in RAM: past this it evicts or refuses writes)."
               if name == "redis" else
               " (past this the table still fits on disk, but lookups start waiting for it).")
        )  # fmt: skip
    gets = results.get("redis_gets_per_second")
    if gets and "redis" in stores:
        users = gets / server.requests_per_user_per_second
        lines.append(
            f"Reads: one redis-server here answered {gets:,.0f} GETs/s (redis-benchmark, one "
            f"core); at {server.requests_per_user_per_second:g} requests/s per active user and "
            f"one GET per request that is **{users / 1e6:,.1f} million active users** — the read "
            "rate, not the size, is what a single Redis runs out of first."
        )
    if "db" in stores and stores["db"]["steps"][-1].get("load_us"):
        load_us = stores["db"]["steps"][-1]["load_us"]
        per_connection = 1e6 / load_us
        lines.append(
            f"PostgreSQL: one connection loads a session in {load_us:,.0f} µs "
            f"({per_connection:,.0f}/s, round trip included); at "
            f"{server.requests_per_user_per_second:g} requests/s per user each busy connection "
            f"serves {per_connection / server.requests_per_user_per_second / 1e3:,.0f} thousand "
            "active users."
        )
    if "jwt" in stores:
        per_row = bytes_per_item(stores["jwt"])
        per_user = per_row * server.refreshes_per_day
        lines.append(
            f"JWT rotation: {per_row:,.0f} B per refresh (outstanding + blacklisted row) x "
            f"{server.refreshes_per_day} refreshes a day (one per {server.access_lifetime_s} s) "
            f"= **{per_user / 1e3:,.0f} kB per user active all day**, "
            f"{per_user / bytes_per_item(stores['db']) if 'db' in stores else 0:,.0f} times a db "
            f"session; one PostgreSQL holds {server.usable_bytes / per_user / 1e6:,.2f} million "
            "such users in memory."
        )
    if "memory" in stores:
        per = bytes_per_item(stores["memory"])
        lines.append(
            f"In-process: {per:,.0f} B per session in every replica's worker; N replicas hold "
            "N copies at best, and behind a load balancer still cannot see each other's logins."
        )
    return lines
