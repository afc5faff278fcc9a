"""What the figures were measured on: they hold for this machine only."""

import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version

PACKAGES = ("Django", "djangorestframework", "djangorestframework-simplejwt", "PyJWT", "gunicorn")


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe_machine() -> dict:
    return {
        "cpu_model": cpu_model(),
        "cpu_cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "wrk": _wrk_version(),
        "packages": {name: _version(name) for name in PACKAGES},
    }


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _wrk_version() -> str:
    try:
        completed = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    first_line = (completed.stdout or completed.stderr).splitlines()[:1]
    return first_line[0].split(" [")[0] if first_line else "unknown"
