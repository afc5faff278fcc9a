"""The live API against its own OpenAPI schema: Schemathesis, every check, stateful phase on.

A real server (gunicorn, fresh database, demo users) is probed through `schemathesis run`
with a bearer token for alice, and with the CSRF cookie and header a browser would hold, so
that session login and logout get past the CSRF check and their input is tested too. The run
is seeded and bounded, so it is the same run every time: rerunning the test replays a failure.
Schemathesis' own exceptions, each with its reason, are in schemathesis.toml beside this file.

Its warning "Schema validation mismatch" for the two logins is expected: it cannot guess a
password, so most of its well-formed credentials are refused.
"""

import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import requests
from django.conf import settings

from tests.support.live_api import start_api

CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED = 20261127
# Test cases per operation and phase: about 1,100 requests, well under a minute here.
MAX_EXAMPLES = 50
PHASES = "examples,coverage,fuzzing,stateful"
# The failed logins it generates trip this server's own login throttle (counters in process
# memory, not a Redis another server could share): the 429s that follow are documented, so
# their body and Retry-After header are checked like any other answer.
SERVER_ENV = {"REDIS_URL": "", "SESSION_STORE": "db"}


def bearer_token(api) -> str:
    response = requests.post(
        f"{api.base_url}/api/auth/jwt/token/",
        json={"username": "alice", "password": api.password},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["access"]


def csrf_pair(api) -> tuple[str, str]:
    """The CSRF cookie's value and the token to send with it, as /api/auth/session/csrf/ gives."""
    response = requests.get(f"{api.base_url}/api/auth/session/csrf/", timeout=10)
    assert response.status_code == 200, response.text
    return response.cookies[settings.CSRF_COOKIE_NAME], response.json()["csrfToken"]


def schemathesis_command(api, token: str, junit: Path) -> list[str]:
    schemathesis = Path(sys.executable).with_name("schemathesis")
    csrf_cookie, csrf_token = csrf_pair(api)
    return [
        str(schemathesis), "--config-file", str(CONFIG),
        "run", f"{api.base_url}/api/schema/",
        "--checks", "all",
        "--phases", PHASES,
        "--seed", str(SEED),
        "--max-examples", str(MAX_EXAMPLES),
        # One worker: the order of requests, and so every answer, depends on the seed alone.
        "--workers", "1",
        "--request-timeout", "10",
        "--header", f"Authorization: Bearer {token}",
        "--header", f"X-CSRFToken: {csrf_token}",
        "--header", f"Cookie: {settings.CSRF_COOKIE_NAME}={csrf_cookie}",
        "--report", "junit", "--report-junit-path", str(junit),
        "--no-color",
    ]  # fmt: skip


def failures(junit: Path) -> list[str]:
    """Each failed check or error of the run, with its reproduction, from the JUnit report."""
    suite = ElementTree.parse(junit).getroot()
    return [
        f"{case.get('name')}: {problem.text}"
        for case in suite.iter("testcase")
        for problem in (*case.iter("failure"), *case.iter("error"))
    ]


def test_the_api_matches_its_schema_under_schemathesis(tmp_path, capsys):
    with start_api(env=SERVER_ENV) as api:
        command = schemathesis_command(api, bearer_token(api), tmp_path / "junit.xml")
        started = time.monotonic()
        # In tmp_path, where Schemathesis keeps its cache: the repository stays clean.
        run = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False
        )
        elapsed = time.monotonic() - started
        server_log = api.log_path.read_text(errors="replace")
    output = run.stdout + run.stderr
    summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
    token = command[command.index("--header") + 1]
    replay = " ".join(command).replace(token, "'Authorization: Bearer <alice's token>'")
    with capsys.disabled():
        print(f"\nschemathesis ({elapsed:.0f} s, seed {SEED}): {summary}")

    junit = tmp_path / "junit.xml"
    assert junit.exists(), f"{output[-3000:]}\n--- server ---\n{server_log[-3000:]}"
    found = failures(junit)
    assert not found and run.returncode == 0, (
        f"{len(found)} failing operation(s); rerunning this test replays the same run "
        f"({replay}):\n\n" + "\n\n".join(found or [output[-4000:]])
    )
    cases = {case.get("name") for case in ElementTree.parse(junit).iter("testcase")}
    assert "Stateful tests" in cases, "the stateful phase did not run"
    assert '" 429 ' in server_log, "no login was throttled: the documented 429 went unchecked"
