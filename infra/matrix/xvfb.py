"""A private Xvfb display for WebKitGTK, which needs one (with no DISPLAY its WebDriver session
hangs silently). -displayfd lets the server pick a free display number and tell us."""

import os
import select
import shutil
import subprocess
from contextlib import contextmanager

XVFB = "Xvfb"
START_TIMEOUT_S = 20.0
SCREEN = "1400x1000x24"


@contextmanager
def display():
    """Yield ":N" of a fresh Xvfb, stopped (by its own pid) on leaving."""
    program = shutil.which(XVFB)
    if program is None:
        raise SystemExit("Xvfb is not installed: apt-get install -y --no-install-recommends xvfb")
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [program, "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write_end,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], START_TIMEOUT_S)
        number = os.read(read_end, 64).decode().strip() if ready else ""
        if not number:
            raise RuntimeError(f"Xvfb gave no display number within {START_TIMEOUT_S:g} s")
        yield f":{number}"
    finally:
        os.close(read_end)
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
