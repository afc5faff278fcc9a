"""Runs a bench worker module in a fresh Python process: JSON in on stdin, JSON out on stdout.

Workers run apart so that each measures a Django set up with its own case's settings.
"""

import json
import subprocess
import sys

from infra.config import REPO_ROOT


def run_json_worker(module: str, payload: dict, *, env: dict, timeout: float) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", module],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout)
