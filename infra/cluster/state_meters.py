"""Meters for server-side state, read from the stores themselves (no estimates).

- database tables: SQLite's dbstat pages, or PostgreSQL's pg_total_relation_size (heap,
  indexes and TOAST);
- Redis: INFO used_memory, and INFO commandstats for how many commands a request costs;
- process memory (local-memory cache): tracemalloc's count of live Python allocations.
"""

import gc
import tracemalloc

import redis
from django.db import connection


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
