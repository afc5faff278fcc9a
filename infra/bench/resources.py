"""Private backing services for one benchmark run: a database and a Redis nobody else touches.

Other suites share this machine's PostgreSQL and Redis (and may flush them); a private database
and a private redis-server keep their traffic out of our figures and ours out of their state.
"""

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from infra.local_services import free_port
from infra.servers import RedisServer


@contextlib.contextmanager
def database_backend_pids(database_env: dict[str, str]) -> Iterator[Callable[[], list[int]]]:
    """A function listing the PostgreSQL backends serving the private database (none on SQLite).

    One monitoring connection stays open for the run; its own backend is left out.
    """
    if not database_env.get("DATABASE_URL"):
        yield list
        return
    import psycopg

    with psycopg.connect(database_env["DATABASE_URL"], autocommit=True) as monitor:

        def pids() -> list[int]:
            rows = monitor.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchall()
            return [row[0] for row in rows]

        yield pids


@dataclass(frozen=True)
class PrivateRedis:
    url: str
    pid: int | None  # None when the shared REDIS_URL had to be used


@contextlib.contextmanager
def private_redis(fallback_url: str) -> Iterator[PrivateRedis]:
    """A redis-server started for this run; the shared REDIS_URL if none can be started."""
    if shutil.which("redis-server") is None:
        if not fallback_url:
            raise SystemExit("Neither redis-server nor REDIS_URL is available for the redis cases.")
        yield PrivateRedis(fallback_url, None)
        return
    with (
        tempfile.TemporaryDirectory(prefix="bench-redis-") as folder,
        RedisServer(Path(folder), free_port()) as server,
    ):
        yield PrivateRedis(server.url, server.pid)
