"""Start the real API (gunicorn) in a subprocess: migrated, seeded, on a port of our choosing.

Used by the API, browser and mobile suites, which need a server that a real client can reach
over TCP, answering as api.localhost and api.lab.localhost. The server is infra's one kind
(infra.servers.Gunicorn); this module adds the suites' settings and a fresh database. With
`tls` (infra.tls.ensure_lab_certificates) it serves https only, in the settings' https mode.
"""

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from infra.config import DEFAULT_DEMO_PASSWORD, REPO_ROOT, inherited_environment
from infra.local_services import free_port, fresh_database_env
from infra.servers import Gunicorn, ca_verify, log_tail, prepare_database
from infra.tls import LabTls, scheme

__all__ = ["REPO_ROOT", "LiveApi", "api_env", "free_port", "run_manage", "start_api"]
DEFAULT_PASSWORD = DEFAULT_DEMO_PASSWORD
TEST_SETTINGS = "backend.config.settings.test"


@dataclass
class LiveApi:
    port: int
    password: str
    env: dict[str, str]
    process: subprocess.Popen
    log_path: Path
    tls: LabTls | None = None

    @property
    def scheme(self) -> str:
        return scheme(self.tls)

    @property
    def verify(self) -> Path | bool:
        """requests' `verify=` for this server: the lab's CA file over https."""
        return ca_verify(self.tls)

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def url(self, host: str = "127.0.0.1") -> str:
        """Base URL under another name, e.g. url("api.localhost")."""
        return f"{self.scheme}://{host}:{self.port}"

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log_path, lines)


def run_manage(*args: str, env: dict[str, str], timeout=120) -> subprocess.CompletedProcess:
    """Run a manage.py command with `env` and return what it did (tests inspect failures)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def api_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**inherited_environment(), "DJANGO_SETTINGS_MODULE": TEST_SETTINGS}
    env.setdefault("DEMO_PASSWORD", DEFAULT_PASSWORD)
    return {**env, **(extra or {})}


@contextmanager
def start_api(
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    threads: int = 8,
    tls: LabTls | None = None,
) -> Iterator[LiveApi]:
    """A migrated, seeded API on `port` (fresh database unless `env` names one); https with
    `tls`."""
    with ExitStack() as stack:
        database = {} if env and ("DATABASE_URL" in env or "SQLITE_PATH" in env) else None
        if database is None:
            database = stack.enter_context(fresh_database_env())
        log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lab-api-")))
        full_env = api_env({**database, **(env or {})})
        prepare_database(full_env, log_dir / "manage.log")
        server = Gunicorn("api", port or free_port(), env=full_env, log_path=log_dir / "api.log",
                          threads=threads, ipv6=True, access_log=True, tls=tls)  # fmt: skip
        stack.enter_context(server)
        yield LiveApi(server.port, full_env["DEMO_PASSWORD"], server.env, server.process,
                      server.log_path, tls)  # fmt: skip
