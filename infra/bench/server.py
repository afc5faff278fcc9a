"""The API under gunicorn for each benchmark case: fixed workers, loopback, free ports."""

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from infra import servers
from infra.config import inherited_environment
from infra.local_services import free_port
from infra.servers import WSGI_APP as DEFAULT_WSGI_APP
from infra.servers import Gunicorn as ServerProcess

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
    "LAB_TUNING",
    "REPLICAS",
    "REPLICA_NAME",
    "DEBUG",
)


def server_env(base_env: dict, case_env: dict) -> dict:
    """The process environment, minus inherited knobs, plus the bench's and the case's."""
    inherited = inherited_environment()
    inherited = {k: v for k, v in inherited.items() if k not in INHERITED_KNOBS_DROPPED}
    return {**inherited, **COMMON_SERVER_ENV, **base_env, **case_env}


def prepare_database(env: dict) -> None:
    """Migrate the private database and create the demo users, once for all cases."""
    with tempfile.TemporaryDirectory(prefix="bench-manage-") as folder:
        servers.prepare_database(env, Path(folder) / "manage.log")


@contextlib.contextmanager
def gunicorn_servers(
    named_envs: dict[str, dict], *, workers: int, log_dir: Path, wsgi_app: str = DEFAULT_WSGI_APP
) -> Iterator[dict[str, ServerProcess]]:
    """All servers up and healthy inside the block (booted in parallel), all stopped after it."""
    with contextlib.ExitStack() as running:
        started = {
            name: running.enter_context(
                ServerProcess(name, free_port(), env=env, log_path=log_dir / f"{name}.log",
                              workers=workers, wsgi_app=wsgi_app).spawn()
            )
            for name, env in named_envs.items()
        }  # fmt: skip
        for server in started.values():
            server.wait_ready()
        yield started
