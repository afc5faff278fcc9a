"""A private redis-server for one cluster: its own port and directory, stoppable on purpose.

The machine's Redis on 6379 is shared with other suites and must never be stopped; the outage
test stops this one instead. It keeps its data across a stop and start (SHUTDOWN SAVE, then
reload from the same directory), so "Redis came back" also means "the sessions came back".
"""

import contextlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

import redis

from infra.cluster import processes


@dataclass
class PrivateRedis:
    run_dir: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log_path(self) -> Path:
        return self.run_dir / "redis.log"

    def start(self) -> None:
        argv = [
            processes.find_program("redis-server"),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.run_dir),
            "--dbfilename", "redis-dump.rdb",
            # No background snapshots; stop() writes one on purpose.
            "--save", "",
            "--appendonly", "no",
        ]  # fmt: skip
        self.process = processes.start_ready(
            argv, log_path=self.log_path, ready=self._answers, what=f"redis-server on {self.port}"
        )

    def stop(self) -> None:
        """Save the data set and stop, as a planned Redis restart would."""
        if self.process is None or self.process.poll() is not None:
            return
        # SHUTDOWN closes the connection as it succeeds; the server may also be gone already.
        with contextlib.suppress(redis.ConnectionError):
            redis.Redis.from_url(self.url, socket_timeout=5).shutdown(save=True)
        processes.stop(self.process)

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.ConnectionError:
            return False
