"""The app shows the cleartext refusal where it shows every settings error, and sends nothing.

Runs the real UI controller (Kivy properties and clock, no window) in a subprocess, the way
the Kivy app drives it when the person presses Log in.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.support.live_api import REPO_ROOT

pytestmark = pytest.mark.mobile

PROBE = """
import json, sys
from mobile_client.ui.controller import LabController

controller = LabController(sys.argv[2])
controller.server_url = sys.argv[1]
controller.login("alice", "lab-demo-password")
print(json.dumps({
    "status": controller.status_text,
    "is_error": controller.status_is_error,
    "busy": controller.busy,
    "log": [entry.summary for entry in controller.log_entries],
}))
"""


def log_in_with_server(address: str, tmp_path) -> dict:
    env = {**os.environ, "KIVY_NO_ARGS": "1", "KIVY_HOME": str(tmp_path / "kivy")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, address, str(tmp_path / "data")],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_plain_http_to_a_remote_host_is_refused_in_the_status_line_and_the_log(tmp_path):
    seen = log_in_with_server("http://example.com", tmp_path)

    assert seen["is_error"]
    assert "plain http://" in seen["status"]
    assert "Use https://example.com instead." in seen["status"]
    assert seen["log"][-1].split("  ", 1)[1].startswith("InsecureServerUrl: ")
    assert not seen["busy"]  # set before any job starts: no request was begun
