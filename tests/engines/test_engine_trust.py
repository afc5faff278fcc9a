"""Over https the runner makes the engine trust the lab's CA; it never makes it ignore
certificate errors. Proof: the same runner, given another CA than the one that signed the lab's
certificate, cannot open the lab's page, and the engine says why. (With the right CA every https
run in test_engine_matrix.py opens it.)"""

import os
import subprocess
import sys

import pytest

from infra.tls import ensure_lab_certificates
from tests.support.live_api import REPO_ROOT
from web_client.site_config import HTTPS

pytestmark = pytest.mark.browser

# The runner itself, in its own process (the suite's Playwright must not meet the runner's),
# stopped at its first step: opening the page.
RUN_WITH_CA = """import sys
from pathlib import Path
from infra.matrix.results import run_matrix
engine, setting, page, ca, out = sys.argv[1:]
run_matrix(engine, setting, page_url=page, username="alice", password="unused", timeout=60,
           directory=Path(out), ca_file=Path(ca), progress=print)
"""
# What each engine says when no root it trusts signed the certificate. Firefox finds an issuer
# of the same name in the wrong CA (mkcert names every CA alike) and reports its signature.
REFUSALS = {
    "chromium": ("ERR_CERT_AUTHORITY_INVALID",),
    "firefox": ("SEC_ERROR_UNKNOWN_ISSUER", "SEC_ERROR_BAD_SIGNATURE"),
}


@pytest.mark.parametrize(("engine", "setting"), [("chromium", "blocked"), ("firefox", "default")])
def test_the_runner_refuses_the_lab_page_when_another_ca_is_trusted(engine, setting, engine_lab,
                                                                     tmp_path):  # fmt: skip
    page = engine_lab(HTTPS).page_url
    other_ca = ensure_lab_certificates(tmp_path / "other-tls").ca_file

    done = subprocess.run(
        [sys.executable, "-c", RUN_WITH_CA, engine, setting, page, str(other_ca),
         str(tmp_path / "out")],
        cwd=REPO_ROOT, env=os.environ, capture_output=True, text=True, timeout=180,
    )  # fmt: skip

    assert done.returncode != 0, done.stdout
    said = done.stdout + done.stderr
    assert any(reason in said for reason in REFUSALS[engine]), said[-2000:]
    assert not list((tmp_path / "out").glob("*.json"))
