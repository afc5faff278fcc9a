"""Private backing services for one benchmark run: a database and a Redis nobody else touches.

Other suites share this machine's PostgreSQL and Redis (and may flush them); a private database
and a private redis-server keep their traffic out of our figures and ours out of their state.
"""

import contextlib
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import redis

from infra.local_services import free_port


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
    binary = shutil.which("redis-server")
    if binary is None:
        if not fallback_url:
            raise SystemExit("Neither redis-server nor REDIS_URL is available for the redis cases.")
        yield PrivateRedis(fallback_url, None)
        return
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_for_redis(url)
        yield PrivateRedis(url, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for_redis(url: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    while True:
        try:
            client.ping()
            return
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
