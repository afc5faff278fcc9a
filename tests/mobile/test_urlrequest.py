"""Kivy's own UrlRequest keeps no cookies: the premise of the client's naive-session mode."""

import json
import os
import subprocess
import sys

import pytest

from tests.support.live_api import REPO_ROOT

pytestmark = pytest.mark.mobile


def test_urlrequest_logs_in_but_never_sends_the_session_cookie_back(live_api, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tests.mobile.urlrequest_probe", live_api.base_url,
         live_api.password],
        cwd=REPO_ROOT, env={**os.environ, "KIVY_HOME": str(tmp_path)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])

    assert (seen["login_status"], seen["login_user"]) == (200, "alice")
    assert seen["me_status"] == 401
    assert seen["cookies_received"] == []
