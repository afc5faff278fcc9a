"""Child processes of the cluster: start them logged, stop them for sure, wait until they serve.

Each child gets its own process group (so Ctrl-C in the terminal reaches only the launcher,
which then stops everything in order, and a SIGKILL reaches a gunicorn master and its worker
at once) and is told by the kernel to die with the launcher, so a crashed test run leaves no
servers holding ports.
"""

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import requests

from infra.cluster.config import INSTALL_HINTS, REPO_ROOT, inherited_environment

_PR_SET_PDEATHSIG = 1


class MissingProgram(SystemExit):
    """A server program the cluster needs is not installed; the message says how to get it."""

    def __init__(self, program: str):
        hint = INSTALL_HINTS.get(program, f"install {program}")
        super().__init__(f"{program} is not installed (looked in PATH and /usr/sbin). Run: {hint}")


class StartupFailed(RuntimeError):
    """A child exited or never became ready; the message carries the end of its log."""


def find_program(name: str) -> str:
    # /usr/sbin is where Debian puts nginx, and it is missing from many non-root PATHs.
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise MissingProgram(name)
    return found


def _die_with_parent() -> None:
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(argv: list[str], *, env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """Start argv in its own process group, stdout and stderr appended to log_path."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            argv,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # Safe here: the launcher forks before it starts any thread of its own.
            preexec_fn=_die_with_parent,
        )


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the whole group: a crash, with no chance to finish in-flight requests."""
    _signal_group(process, signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen, *, grace: float = 5.0) -> None:
    """SIGTERM the group, then SIGKILL whatever is still there after `grace` seconds."""
    if process.poll() is None:
        _signal_group(process, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    # The group may outlive its leader (a gunicorn worker whose master is gone).
    _signal_group(process, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def log_tail(log_path: Path, lines: int = 25) -> str:
    try:
        text = log_path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no log written)"
    return "\n".join(text.splitlines()[-lines:])


def answers_ok(url: str) -> bool:
    """True if a GET of `url` answers 200 within a second."""
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


def start_ready(
    argv: list[str], *, log_path: Path, ready: Callable[[], bool], what: str, ready_log=None
) -> subprocess.Popen:
    """`spawn` with the inherited environment, then `wait_until_ready` (10 s at most)."""
    process = spawn(argv, env=inherited_environment(), log_path=log_path)
    wait_until_ready(ready, what=what, process=process, log_path=ready_log or log_path, timeout=10)
    return process


def wait_until_ready(
    ready: Callable[[], bool],
    *,
    what: str,
    process: subprocess.Popen,
    log_path: Path,
    timeout: float = 30.0,
) -> None:
    """Poll `ready` until it holds; fail with the log's tail if the process exits or stalls."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise StartupFailed(
                f"{what} exited with status {process.returncode}. Its log ({log_path}) ends:\n"
                f"{log_tail(log_path)}"
            )
        if ready():
            return
        if time.monotonic() > deadline:
            raise StartupFailed(
                f"{what} was not ready after {timeout:.0f} s. Its log ({log_path}) ends:\n"
                f"{log_tail(log_path)}"
            )
        time.sleep(0.1)
