"""The live API against its own OpenAPI schema: Schemathesis, every check, stateful phase on.

A real server (gunicorn, fresh database, demo users) is probed through `schemathesis run`
with a bearer token for alice, and with the CSRF cookie and header a browser would hold, so
that session login and logout get past the CSRF check and their input is tested too. The run
is seeded and bounded, so it is the same run every time: rerunning the test replays a failure.
Schemathesis' own exceptions, each with its reason, are in schemathesis.toml beside this file.

Its warning "Schema validation mismatch" for the logins and the password change is expected:
it cannot guess a password, so most of its well-formed credentials are refused.

POST /api/lab/deactivate-me/ is probed in a second run of its own, after everything else: it
switches off the user whose token the run carries, after which every other operation would
only ever answer 401.
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
# Ends the run's own credentials, so it runs last, alone (see the module's docstring).
RUNS_LAST = "/api/lab/deactivate-me/"
RUNS = {"main": ("--exclude-path", RUNS_LAST), "last": ("--include-path", RUNS_LAST)}


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


def schemathesis_command(api, token: str, junit: Path, selection=()) -> list[str]:
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
        *selection,
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
    runs = {}
    with start_api(env=SERVER_ENV) as api:
        token = bearer_token(api)
        for name, selection in RUNS.items():
            junit = tmp_path / f"junit-{name}.xml"
            command = schemathesis_command(api, token, junit, selection)
            started = time.monotonic()
            # In tmp_path, where Schemathesis keeps its cache: the repository stays clean.
            run = subprocess.run(
                command, cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False
            )
            runs[name] = (command, junit, run, time.monotonic() - started)
        server_log = api.log_path.read_text(errors="replace")

    for name, (command, junit, run, elapsed) in runs.items():
        output = run.stdout + run.stderr
        summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
        header = command[command.index("--header") + 1]
        replay = " ".join(command).replace(header, "'Authorization: Bearer <alice's token>'")
        with capsys.disabled():
            print(f"\nschemathesis, {name} run ({elapsed:.0f} s, seed {SEED}): {summary}")
        assert junit.exists(), f"{output[-3000:]}\n--- server ---\n{server_log[-3000:]}"
        found = failures(junit)
        assert not found and run.returncode == 0, (
            f"{len(found)} failing operation(s) in the {name} run; rerunning this test replays "
            f"the same run ({replay}):\n\n" + "\n\n".join(found or [output[-4000:]])
        )
    cases = {name: {case.get("name") for case in ElementTree.parse(junit).iter("testcase")}
             for name, (_, junit, _, _) in runs.items()}  # fmt: skip
    assert "Stateful tests" in cases["main"], "the stateful phase did not run"
    assert f"POST {RUNS_LAST}" in cases["last"], "the last run did not probe its operation"
    # The main run kept its credentials to the end: notes were created, not refused with 401s.
    assert '"POST /api/notes/ HTTP/1.1" 201' in server_log, "no note was ever created"
    assert '" 429 ' in server_log, "no login was throttled: the documented 429 went unchecked"
