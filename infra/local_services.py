"""Loopback ports and throw-away databases for the servers that tests and tools start.

Databases: SQLite by default (a file in a temporary folder); with DATABASE_URL set, a new
PostgreSQL database on that server, dropped afterwards, so servers never share state by
accident and never touch the database a developer works in.
"""

import os
import socket
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ADMIN_CONNECT_TIMEOUT_S = 10
# One poll of a starting server; a server that accepts and never answers costs this, per poll.
POLL_TIMEOUT_S = 2.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def fresh_database_env(database_url: str | None = None) -> Iterator[dict[str, str]]:
    """Environment variables (SQLITE_PATH or DATABASE_URL) naming a new, empty database."""
    database_url = database_url if database_url is not None else os.environ.get("DATABASE_URL", "")
    if not database_url:
        with tempfile.TemporaryDirectory(prefix="lab-db-") as folder:
            yield {"SQLITE_PATH": str(Path(folder) / "db.sqlite3"), "DATABASE_URL": ""}
        return
    import psycopg

    name = f"lab_live_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(database_url)
    # A server that accepts and never answers fails here within seconds, not never.
    admin_options = {"autocommit": True, "connect_timeout": ADMIN_CONNECT_TIMEOUT_S}
    with psycopg.connect(database_url, **admin_options) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}"))}
    finally:
        with psycopg.connect(database_url, **admin_options) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_answering(
    url: str,
    process,
    log_path: Path,
    *,
    timeout: float = 30.0,
    headers: dict[str, str] | None = None,
) -> None:
    """Poll `url` until it answers 200; fail with the server's log if it exits or stalls.

    Bounded: it returns or raises within about `timeout` seconds, even when the server
    accepts connections and never answers.
    """
    import time

    import requests

    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        if process.poll() is not None:
            raise RuntimeError(
                f"{url}: server exited with {process.returncode}:\n{log_path.read_text()}"
            )
        try:
            poll_timeout = min(POLL_TIMEOUT_S, max(left, 0.1))
            if requests.get(url, headers=headers, timeout=poll_timeout).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url}: no answer after {timeout} s:\n{log_path.read_text()[-3000:]}")


def stop_process(process, grace: float = 5.0) -> None:
    """Terminate a server we started; kill it if it does not leave within `grace` seconds."""
    import subprocess

    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
