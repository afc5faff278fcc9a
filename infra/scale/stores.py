"""The stores `make scale` fills, and the processes that fill and serve them.

A `FillerProcess` is infra/scale/filler.py in a Django process of the store's own settings;
`memory_server` is a gunicorn whose worker fills its in-process store before serving
(infra/scale/memory_fill.py).
"""

import contextlib
import json
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from infra.config import REPO_ROOT
from infra.local_services import free_port
from infra.servers import Gunicorn

# What each row of the results measures, and where its state lives.
STORES = {
    "db": "PostgreSQL/SQLite table django_session (pg_total_relation_size: heap + indexes)",
    "cached_db": "the db store's table + a copy of each session in Redis (used_memory)",
    "redis": "Redis (INFO used_memory)",
    "memory": "one gunicorn worker's RSS: per replica, every replica needs its own copy",
    "jwt": "simplejwt's outstanding + blacklisted token tables under rotation",
}
SESSION_SERVERS = ("db", "cached_db", "redis")
MEMORY_FILL_CONFIG = Path(__file__).with_name("memory_fill.py")
ANSWER_TIMEOUT_S = 300


class FillerProcess:
    """A long-lived filler: one JSON command per line in, one JSON answer per line out."""

    def __init__(self, store: str, env: dict, log_path: Path):
        self.store = store
        self.log = open(log_path, "ab")  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "infra.scale.filler"], cwd=REPO_ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
        )  # fmt: skip

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], ANSWER_TIMEOUT_S)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            raise RuntimeError(
                f"The {self.store} filler gave no answer to {command['op']} "
                f"(see its log, {self.log.name})."
            )
        return json.loads(line)

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()


@contextlib.contextmanager
def fillers(envs: dict[str, dict], log_dir: Path) -> Iterator[dict[str, FillerProcess]]:
    started = {}
    try:
        for store, env in envs.items():
            started[store] = FillerProcess(store, env, log_dir / f"filler-{store}.log")
        yield started
    finally:
        for filler in started.values():
            filler.close()


@contextlib.contextmanager
def memory_server(env: dict, *, fill_path: Path, log_dir: Path, name: str) -> Iterator[Gunicorn]:
    """A gunicorn (one sync worker) that serves the memory store filled as `fill_path` says."""
    server = Gunicorn(name, free_port(), env={**env, "SCALE_MEMORY_FILL": str(fill_path)},
                      log_path=log_dir / f"{name}.log")  # fmt: skip
    server.argv += ["--config", str(MEMORY_FILL_CONFIG)]
    with server:
        yield server


def worker_rss_bytes(server: Gunicorn) -> int:
    """Resident memory of the gunicorn worker serving (the master's one child)."""
    master = server.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"{server.name}: expected one worker, found {children}")
    for line in Path(f"/proc/{children[0]}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"No VmRSS for the worker of {server.name}")
