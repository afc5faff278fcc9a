"""Start the real API (gunicorn) in a subprocess: migrated, seeded, on a port of our choosing.

Used by the browser, mobile, cluster and benchmark suites, which need a server that a real
client can reach over TCP, answering as api.localhost and api.lab.localhost.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from infra.local_services import (
    free_port,
    fresh_database_env,
    stop_process,
    wait_until_answering,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PASSWORD = "lab-demo-password"
TEST_SETTINGS = "backend.config.settings.test"


@dataclass
class LiveApi:
    port: int
    password: str
    env: dict[str, str]
    process: subprocess.Popen
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, host: str = "127.0.0.1") -> str:
        """Base URL under another name, e.g. url("api.localhost")."""
        return f"http://{host}:{self.port}"

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def run_manage(*args: str, env: dict[str, str], timeout=120) -> subprocess.CompletedProcess:
    """Run a manage.py command with `env` and return what it did."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def manage(*args: str, env: dict[str, str]) -> None:
    """Run a manage.py command with `env`; raise with its output if it fails."""
    done = run_manage(*args, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def api_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": TEST_SETTINGS, "PYTHONUNBUFFERED": "1"}
    env.setdefault("DEMO_PASSWORD", DEFAULT_PASSWORD)
    env.update(extra or {})
    return env


@contextmanager
def start_api(
    *, port: int | None = None, env: dict[str, str] | None = None, threads: int = 8
) -> Iterator[LiveApi]:
    """A migrated, seeded API on `port` (fresh database unless `env` names one)."""
    port = port or free_port()
    with ExitStack() as stack:
        database = {} if env and ("DATABASE_URL" in env or "SQLITE_PATH" in env) else None
        if database is None:
            database = stack.enter_context(fresh_database_env())
        full_env = api_env({**database, **(env or {}), "API_PORT": str(port)})
        manage("migrate", "--no-input", "-v", "0", env=full_env)
        manage("seed_demo_users", env=full_env)
        log_dir = stack.enter_context(_temporary_dir())
        log_path = log_dir / "api.log"
        log_file = stack.enter_context(log_path.open("w"))
        command = [
            sys.executable, "-m", "gunicorn", "backend.config.wsgi",
            "--bind", f"127.0.0.1:{port}", "--bind", f"[::1]:{port}",
            "--workers", "1", "--threads", str(threads), "--worker-class", "gthread",
            "--timeout", "30", "--graceful-timeout", "2", "--access-logfile", "-",
        ]  # fmt: skip
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=full_env, stdout=log_file, stderr=subprocess.STDOUT
        )
        stack.callback(stop_process, process)
        api = LiveApi(port, full_env["DEMO_PASSWORD"], full_env, process, log_path)
        wait_until_answering(f"{api.base_url}/api/health/", process, log_path)
        yield api


@contextmanager
def _temporary_dir() -> Iterator[Path]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lab-api-") as folder:
        yield Path(folder)
