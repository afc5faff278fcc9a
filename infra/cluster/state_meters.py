"""Meters for server-side state, read from the stores themselves (no estimates).

- database tables: SQLite's dbstat pages, or PostgreSQL's pg_total_relation_size (heap,
  indexes and TOAST);
- Redis: INFO used_memory, and INFO commandstats for how many commands a request costs;
- process memory (local-memory cache): tracemalloc's count of live Python allocations.
"""

import gc
import tracemalloc
from collections.abc import Callable
from importlib import import_module

import redis
from django.db import connection, transaction


def table_bytes(tables: list[str]) -> int:
    """Bytes the tables occupy on disk, indexes included."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(name::regclass)), 0) "
                "FROM unnest(%s::text[]) AS name",
                [tables],
            )
            return int(cursor.fetchone()[0])
        if connection.vendor == "sqlite":
            total = 0
            for table in tables:
                # The table's own pages and those of its indexes (same tbl_name).
                cursor.execute(
                    "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN "
                    "(SELECT name FROM sqlite_master WHERE tbl_name = %s)",
                    [table],
                )
                total += int(cursor.fetchone()[0])
            return total
    raise NotImplementedError(f"No size meter for the {connection.vendor} database.")


class RedisMeter:
    def __init__(self, url: str):
        self.client = redis.Redis.from_url(url)

    def used_memory(self) -> int:
        return int(self.client.info("memory")["used_memory"])

    def commands(self) -> int:
        """Commands served so far, not counting the INFO calls that read this number."""
        stats = self.client.info("commandstats")
        return sum(v["calls"] for k, v in stats.items() if k != "cmdstat_info")

    def key_bytes(self, pattern: str) -> int:
        """MEMORY USAGE of one key that matches: a cross-check of the used_memory delta."""
        for key in self.client.scan_iter(pattern, count=1000):
            return int(self.client.memory_usage(key, samples=0) or 0)
        return 0


class PythonHeapMeter:
    """Live bytes allocated by Python code since `start` (after a full collection)."""

    def start(self) -> None:
        tracemalloc.start()

    def live_bytes(self) -> int:
        gc.collect()
        return tracemalloc.get_traced_memory()[0]

    def stop(self) -> None:
        tracemalloc.stop()


def sizes_by_count(create: Callable[[int], object], meters: dict, counts: list[int]) -> dict:
    """{count: {meter: bytes gained}} as `create(n)` adds n more items, read at each count.

    The meters read the stores themselves, over many items: a table's pages and every index,
    Redis' whole memory, the heap — what the server pays, not what one item's fields weigh.
    """
    create(20)  # warm-up: first-use allocations and pages are not items
    baseline = {name: meter() for name, meter in meters.items()}
    sizes, made = {}, 0
    for count in sorted(counts):
        create(count - made)
        made = count
        sizes[count] = {name: meter() - baseline[name] for name, meter in meters.items()}
    return sizes


def session_sizes(data: dict, counts: list[int]) -> tuple[dict, list[str]]:
    """Bytes per count of sessions holding `data` in the configured store, and their keys."""
    from django.conf import settings

    engine = import_module(settings.SESSION_ENGINE)
    store = settings.SESSION_STORE
    if store == "memory":
        # LocMemCache culls at MAX_ENTRIES (300 by default); lift it to hold every session.
        from django.core.cache import caches

        caches[settings.SESSION_CACHE_ALIAS]._max_entries = 10**9
    heap = PythonHeapMeter()
    meters = {
        "db": lambda: table_bytes(["django_session"]),
        "redis": RedisMeter(settings.REDIS_URL).used_memory,
        "memory": heap.live_bytes,
    }
    parts = {"db": ["db"], "cached_db": ["db", "redis"], "redis": ["redis"], "memory": ["memory"]}
    keys: list[str] = []

    def create(count: int) -> None:
        with transaction.atomic():
            for _ in range(count):
                session = engine.SessionStore()
                session.update(data)
                session.create()
                keys.append(session.session_key)

    heap.start()
    try:
        sizes = sizes_by_count(create, {name: meters[name] for name in parts[store]}, counts)
    finally:
        heap.stop()
    return sizes, keys[20:]


def refresh_token_sizes(user, counts: list[int]) -> tuple[dict, list[str]]:
    """Bytes per count of JWT logins (simplejwt's outstanding row and the lab's refresh-family
    row each), and the refresh tokens issued."""
    from backend.authentication.services import jwt_pair_issue

    issued: list[str] = []

    def create(count: int) -> None:
        with transaction.atomic():
            issued.extend(jwt_pair_issue(user=user)["refresh"] for _ in range(count))

    sizes = sizes_by_count(create, {"outstanding": lambda: table_bytes(jwt_tables())}, counts)
    return sizes, issued[20:]


def jwt_tables() -> list[str]:
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    from backend.authentication.models import RefreshFamily

    return [model._meta.db_table for model in (OutstandingToken, BlacklistedToken, RefreshFamily)]
