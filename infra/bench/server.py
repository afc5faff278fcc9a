"""Starts the API under gunicorn for one benchmark case: fixed workers, loopback, free port."""

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from infra.local_services import free_port, wait_until_answering

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_WSGI_APP = "backend.config.wsgi:application"
# Settings every bench server shares: no debug bookkeeping, and access tokens that outlive
# the run (a 5-minute token would expire mid-benchmark and turn the JWT cases into 401s).
COMMON_SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "backend.config.settings.local",
    "DEBUG": "0",
    "SESSION_STORE": "db",
    "JWT_AUTHENTICATOR": "db",
    "DEMO_PASSWORD": "bench-demo-password",
    "JWT_ACCESS_TTL_SECONDS": "3600",
    "LOG_LEVEL": "WARNING",
    "PYTHONDONTWRITEBYTECODE": "1",
}


# Knobs a caller's shell may have set for other work; a case sets them itself or not at all.
INHERITED_KNOBS_DROPPED = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "SQLITE_PATH",
    "REDIS_URL",
    "SESSION_STORE",
    "JWT_AUTHENTICATOR",
    "CONN_MAX_AGE",
    "CONN_HEALTH_CHECKS",
    "DATABASE_PREPARED_STATEMENTS",
    "REDIS_CLIENT_TRACKING",
    "REPLICAS",
    "REPLICA_NAME",
    "DEBUG",
)


def server_env(base_env: dict, case_env: dict) -> dict:
    """The process environment, minus inherited knobs, plus the bench's and the case's."""
    inherited = {k: v for k, v in os.environ.items() if k not in INHERITED_KNOBS_DROPPED}
    return {**inherited, **COMMON_SERVER_ENV, **base_env, **case_env}


def prepare_database(env: dict) -> None:
    """Migrate the private database and create the demo users, once for all cases."""
    manage = [sys.executable, str(REPO_ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo_users"]):
        subprocess.run(
            manage + command, cwd=REPO_ROOT, env=env, check=True, capture_output=True, timeout=120
        )


@dataclass
class ServerProcess:
    name: str
    base_url: str
    env: dict
    process: subprocess.Popen
    log_path: Path


def start_gunicorn(
    name: str, env: dict, *, workers: int, log_dir: Path, wsgi_app: str = DEFAULT_WSGI_APP
) -> ServerProcess:
    """Spawn without waiting, so that several servers boot in parallel; see wait_until_healthy."""
    port = free_port()
    log_path = log_dir / f"{name}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                wsgi_app,
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--worker-class=sync",
                "--log-level=warning",
            ],
            cwd=REPO_ROOT,
            env={**env, "API_PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return ServerProcess(name, f"http://127.0.0.1:{port}", env, process, log_path)


def stop(server: ServerProcess) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=5)


@contextlib.contextmanager
def gunicorn_servers(
    named_envs: dict[str, dict], *, workers: int, log_dir: Path, wsgi_app: str = DEFAULT_WSGI_APP
) -> Iterator[dict[str, ServerProcess]]:
    """All servers up and healthy inside the block, all stopped after it (even on errors)."""
    servers: dict[str, ServerProcess] = {}
    try:
        for name, env in named_envs.items():
            servers[name] = start_gunicorn(
                name, env, workers=workers, log_dir=log_dir, wsgi_app=wsgi_app
            )
        for server in servers.values():
            wait_until_healthy(server)
        yield servers
    finally:
        for server in servers.values():
            stop(server)


def wait_until_healthy(server: ServerProcess, timeout: float = 60) -> None:
    wait_until_answering(
        f"{server.base_url}/api/health/", server.process, server.log_path, timeout=timeout
    )
