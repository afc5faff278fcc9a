"""API replicas: one gunicorn process each, one worker, so "memory" means one process' memory."""

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from infra.cluster import processes
from infra.cluster.config import REPO_ROOT

WSGI_APP = "backend.config.wsgi:application"


def prepare_database(env: dict[str, str], log_path: Path) -> None:
    """Migrate the shared database and create the demo users (both idempotent)."""
    manage = [sys.executable, str(REPO_ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo_users"]):
        with open(log_path, "ab") as log:
            result = subprocess.run(
                manage + command,
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=180,
                check=False,
            )
        if result.returncode != 0:
            raise processes.StartupFailed(
                f"manage.py {command[0]} failed. Its log ({log_path}) ends:\n"
                f"{processes.log_tail(log_path)}"
            )


@dataclass
class Replica:
    name: str
    port: int
    env: dict[str, str]
    run_dir: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.run_dir / f"{self.name}.log"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> None:
        """Start gunicorn; returns at once, `wait_ready` blocks until it answers."""
        argv = [
            sys.executable, "-m", "gunicorn", WSGI_APP,
            "--bind", self.address,
            "--workers", "1",
            "--worker-class", "sync",
            "--name", self.name,
            "--graceful-timeout", "3",
            "--log-level", "warning",
        ]  # fmt: skip
        self.process = processes.spawn(argv, env=self.env, log_path=self.log_path)

    def wait_ready(self, timeout: float = 60.0) -> None:
        processes.wait_until_ready(
            self._answers,
            what=f"replica {self.name} (gunicorn on {self.address})",
            process=self.process,
            log_path=self.log_path,
            timeout=timeout,
        )

    def stop(self) -> None:
        """A planned stop: SIGTERM lets gunicorn finish the request in hand."""
        if self.process is not None:
            processes.stop(self.process)

    def kill(self) -> None:
        """A crash: SIGKILL to master and worker, in-flight requests are lost."""
        if self.process is not None:
            processes.kill(self.process)

    def restart(self) -> None:
        self.stop()
        self.start()
        self.wait_ready()

    def _answers(self) -> bool:
        return processes.answers_ok(f"http://{self.address}/api/health/")
