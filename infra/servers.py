"""The one way the lab starts, waits for and stops a server: `make demo`, the replica lab, the
bench and the test suites all use these classes (nginx's is in infra/cluster/nginx.py).

Each child gets its own process group (Ctrl-C in a terminal reaches only the launcher, which
then stops everything in order; a SIGKILL reaches a gunicorn master and its workers at once)
and is told by the kernel to die with its launcher, so a crashed run leaves no server holding
a port. A start fails within its timeout, with the end of the server's log.
"""

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis
import requests

from infra.config import REPO_ROOT, inherited_environment
from infra.system_packages import PROGRAMS
from infra.tls import LabTls, scheme, server_env
from web_client.site_config import PAGE_HOSTS

WSGI_APP = "backend.config.wsgi:application"
WEB_CLIENT_SCRIPT = REPO_ROOT / "web_client" / "server.py"
# One poll of a starting server: one that accepts and never answers costs this per poll.
POLL_TIMEOUT_S = 1.0
# Loaded once here: a forked child must not open libraries while another thread may hold a lock.
_LIBC = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


class MissingProgram(SystemExit):
    """A server program is not installed; the message says how to get it."""

    def __init__(self, program: str):
        package = PROGRAMS.get(program, (program,))[0]
        super().__init__(
            f"{program} is not installed (looked in PATH and /usr/sbin). Install it with "
            f"`apt-get update && apt-get install -y {package}` (or `make system-packages`)."
        )


class StartupFailed(RuntimeError):
    """A server exited or never became ready; the message carries the end of its log."""


def find_program(name: str) -> str:
    # /usr/sbin is where Debian puts nginx, and it is missing from many non-root PATHs.
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise MissingProgram(name)
    return found


def answers_ok(url: str, headers: dict[str, str] | None = None, *,
               verify: Path | bool = True) -> bool:  # fmt: skip
    """True if a GET of `url` answers 200 within POLL_TIMEOUT_S (an https `url`'s certificate
    checked against `verify`: a CA file, or the system's CAs)."""
    try:
        answer = requests.get(url, headers=headers, timeout=POLL_TIMEOUT_S, verify=verify)
    except requests.RequestException:
        return False
    return answer.status_code == 200


def ca_verify(tls: LabTls | None) -> Path | bool:
    """What a client of a server started with `tls` trusts: the lab's CA, never nothing."""
    return tls.ca_file if tls else True


def log_tail(log_path: Path | None, lines: int = 25) -> str:
    if log_path is None:
        return "(its output went to the terminal, above)"
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log written)"


def wait_until(ready: Callable[[], bool], *, what: str, process, log_path, timeout=30.0) -> None:
    """Poll `ready` until it holds; fail with the log's tail if the process exits or stalls."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            raise StartupFailed(
                f"{what} exited with status {process.returncode}. Its log ({log_path}) ends:\n"
                f"{log_tail(log_path)}"
            )
        if time.monotonic() > deadline:
            raise StartupFailed(
                f"{what}: no answer after {timeout:g} s. Its log ({log_path}) ends:\n"
                f"{log_tail(log_path)}"
            )
        time.sleep(0.05)


def wait_until_answering(url, process, log_path, *, timeout=30.0, headers=None) -> None:
    """Poll `url` until it answers 200 (see wait_until)."""
    wait_until(lambda: answers_ok(url, headers), what=url, process=process, log_path=log_path,
               timeout=timeout)  # fmt: skip


def _signal(process: subprocess.Popen, signum: int) -> None:
    """Signal the process' whole group when it leads one (ours do), else the process alone."""
    with contextlib.suppress(ProcessLookupError):
        if os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)


def stop_process(process: subprocess.Popen, grace: float = 5.0) -> None:
    """SIGTERM, then SIGKILL whatever is still there after `grace` seconds."""
    if process.poll() is None:
        _signal(process, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    # The group may outlive its leader (a gunicorn worker whose master is gone).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def manage(*args: str, env: dict[str, str], log_path: Path | None = None) -> None:
    """Run a manage.py command; raise StartupFailed with its output if it fails."""
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), *args],
        cwd=REPO_ROOT, env=env, capture_output=log_path is not None, text=True, timeout=180,
    )  # fmt: skip
    if log_path is not None:
        with open(log_path, "a") as log:
            log.write(done.stdout + done.stderr)
    if done.returncode != 0:
        raise StartupFailed(f"manage.py {args[0]} failed:\n{log_tail(log_path)}")


def prepare_database(env: dict[str, str], log_path: Path | None = None) -> None:
    """Migrate the database and create the demo users (both idempotent)."""
    manage("migrate", "--noinput", "-v", "0", env=env, log_path=log_path)
    manage("seed_demo_users", env=env, log_path=log_path)


class Server:
    """One server process: `spawn` (no wait, so several can boot at once), `wait_ready`,
    `start` (both), `stop` (SIGTERM, then SIGKILL), `kill` (a crash), `restart`.

    `log_path` None sends its output to the launcher's terminal; `tls` says the server
    answers https with the lab's certificate (infra/tls.py).
    """

    def __init__(self, name: str, port: int, argv: list[str], *, ready: Callable[[], bool],
                 log_path: Path | None, env: dict[str, str] | None = None,
                 tls: LabTls | None = None):  # fmt: skip
        self.name, self.port, self.argv = name, port, argv
        self.ready, self.log_path, self.tls = ready, log_path, tls
        self.env = inherited_environment() if env is None else env
        self.process: subprocess.Popen | None = None

    @property
    def scheme(self) -> str:
        return scheme(self.tls)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.address}"

    base_url = url

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def spawn(self) -> "Server":
        log = open(self.log_path, "ab") if self.log_path else None  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                self.argv, cwd=REPO_ROOT, env=self.env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT if log else None, start_new_session=True,
                preexec_fn=lambda: _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM),
            )  # fmt: skip
        finally:
            if log:
                log.close()
        return self

    def wait_ready(self, timeout: float = 60.0) -> None:
        what = f"{self.name} on {self.address}"
        wait_until(self.ready, what=what, process=self.process, log_path=self.log_path,
                   timeout=timeout)  # fmt: skip

    def start(self, timeout: float = 60.0) -> "Server":
        self.spawn()
        try:
            self.wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """A planned stop: SIGTERM lets gunicorn finish the request in hand."""
        if self.process is not None:
            stop_process(self.process)

    def kill(self) -> None:
        """A crash: SIGKILL to the whole group, in-flight requests are lost."""
        if self.process is not None:
            _signal(self.process, signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> "Server":
        return self.start() if self.process is None else self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def tls_arguments(tls: LabTls | None) -> list[str]:
    """gunicorn's flags for serving https with the lab's certificate (none for plain http)."""
    return ["--certfile", str(tls.cert_file), "--keyfile", str(tls.key_file)] if tls else []


class Gunicorn(Server):
    """The API under gunicorn on 127.0.0.1 (and [::1] with `ipv6`), ready once /api/health/
    answers. Sync workers, or gthread with `threads` > 1. With `tls`, https only on that port
    (gunicorn serves one scheme per socket), and the settings' https mode (LAB_HTTPS)."""

    def __init__(self, name: str, port: int, *, env: dict[str, str], log_path: Path | None,
                 workers: int = 1, threads: int = 1, wsgi_app: str = WSGI_APP,
                 ipv6: bool = False, access_log: bool = False,
                 tls: LabTls | None = None):  # fmt: skip
        argv = [
            sys.executable, "-m", "gunicorn", wsgi_app, "--name", name,
            "--bind", f"127.0.0.1:{port}", *(["--bind", f"[::1]:{port}"] if ipv6 else []),
            "--workers", str(workers), "--threads", str(threads),
            "--worker-class", "gthread" if threads > 1 else "sync",
            "--graceful-timeout", "3", "--no-control-socket",
            *(["--access-logfile", "-"] if access_log else ["--log-level", "warning"]),
            *tls_arguments(tls),
        ]  # fmt: skip
        health = f"{scheme(tls)}://127.0.0.1:{port}/api/health/"
        tls_env = server_env(tls) if tls else {}
        env = {"API_PORT": str(port), **env, **tls_env, "PYTHONUNBUFFERED": "1"}
        super().__init__(name, port, argv, log_path=log_path, env=env, tls=tls,
                         ready=lambda: answers_ok(health, verify=ca_verify(tls)))  # fmt: skip


class WebClient(Server):
    """web_client/server.py: the page and its BFF on app.localhost and app.lab.localhost, for an
    API port (gunicorn with threads; web_client/webserver/).

    The BFF keeps its sessions in `bff_sqlite_path`; by default a file beside the log (so two
    test runs never share one), or the repository's bff.sqlite3 when the log goes to the
    terminal (`make demo`). `env` replaces the inherited environment (REDIS_URL there puts the
    sessions in that Redis). With `tls` it serves https, and its BFF calls the API (which must
    then serve https too) trusting the lab's CA.
    """

    def __init__(self, port: int, *, api_port: int, log_path: Path | None, bind="127.0.0.1",
                 env: dict[str, str] | None = None, bff_sqlite_path: Path | None = None,
                 tls: LabTls | None = None):  # fmt: skip
        argv = [sys.executable, str(WEB_CLIENT_SCRIPT), "--port", str(port),
                "--api-port", str(api_port), "--bind", bind, *tls_arguments(tls)]  # fmt: skip
        env = {**(inherited_environment() if env is None else env),
               **(server_env(tls) if tls else {})}  # fmt: skip
        if bff_sqlite_path is None and log_path is not None:
            bff_sqlite_path = log_path.parent / f"bff_{port}.sqlite3"
        if bff_sqlite_path is not None:
            env["BFF_SQLITE_PATH"] = str(bff_sqlite_path)
        config = f"{scheme(tls)}://127.0.0.1:{port}/config.json"
        host = {"Host": f"{next(iter(PAGE_HOSTS))}:{port}"}
        super().__init__("web client", port, argv, log_path=log_path, tls=tls,
                         env={**env, "PYTHONUNBUFFERED": "1"},
                         ready=lambda: answers_ok(config, host, verify=ca_verify(tls)))  # fmt: skip


class RedisServer(Server):
    """A private redis-server: its own port and folder, stoppable on purpose.

    It keeps its data across a stop and start (SHUTDOWN SAVE, then reload from the same folder),
    so "Redis came back" also means "the sessions came back".
    """

    def __init__(self, directory: Path, port: int):
        argv = [
            find_program("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
            "--dir", str(directory), "--dbfilename", "redis-dump.rdb",
            "--save", "", "--appendonly", "no",  # no background snapshots; stop() saves one
        ]  # fmt: skip
        super().__init__("redis-server", port, argv, ready=self._answers,
                         log_path=directory / "redis.log")  # fmt: skip

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        """Save the data set and stop, as a planned Redis restart would."""
        if self.process is None or self.process.poll() is not None:
            return
        # SHUTDOWN closes the connection as it succeeds; the server may also be gone already.
        # A large data set can take longer to save than the timeout: the server goes on
        # shutting down while the stop below waits its grace period.
        with contextlib.suppress(redis.ConnectionError, redis.TimeoutError):
            redis.Redis.from_url(self.url, socket_timeout=5).shutdown(save=True)
        super().stop()

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.ConnectionError:
            return False
