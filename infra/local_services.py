"""Loopback ports and throw-away databases for the servers that tests and tools start.

Databases: SQLite by default (a file in a temporary folder); with DATABASE_URL set, a new
PostgreSQL database on that server, dropped afterwards, so servers never share state by
accident and never touch the database a developer works in.
"""

import socket
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from infra.config import database_url as shell_database_url

ADMIN_CONNECT_TIMEOUT_S = 10


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def busy_ports(ports: list[int]) -> list[int]:
    """Those of `ports` that a server could not listen on now on 127.0.0.1."""
    busy = []
    for port in ports:
        with socket.socket() as probe:
            # As servers do: a port whose last connections are in TIME_WAIT is free to listen on.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                busy.append(port)
    return busy


@contextmanager
def fresh_database_env(database_url: str | None = None) -> Iterator[dict[str, str]]:
    """Environment variables (SQLITE_PATH or DATABASE_URL) naming a new, empty database."""
    database_url = shell_database_url() if database_url is None else database_url
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
