"""The live matrix in each engine under each of its settings, run as `make matrix` runs it.

Every planned cell must come back with an outcome, the file must say which engine and setting
produced it, and Firefox's own evidence must show where it kept the cross-site CSRF cookie.
The cells are not yet checked against the page's model: that model learns each engine's rules
next (issue 16). Each run's table is printed for the reader.
"""

import json
import os
import subprocess
import sys

import pytest

from infra.matrix import firefox
from infra.matrix.results import result_path
from infra.matrix.settings import (
    FIREFOX_COOKIE_BEHAVIOR,
    FIREFOX_REJECT_FOREIGN,
    SETTINGS,
    WEBKIT_DRIVER,
)
from tests.support.live_api import REPO_ROOT

pytestmark = pytest.mark.browser

TOPOLOGY_MODULE = REPO_ROOT / "web_client" / "scripts" / "logic" / "topology.js"
# The page's own plan, read from its module: whatever auth modes it runs, all must be there.
PLAN_IN_NODE = """import(process.argv[1]).then((m) =>
  console.log(JSON.stringify([m.TOPOLOGIES, m.COOKIE_POLICIES, m.AUTH_MODES])));"""
API_COOKIE_MODES = ("session", "cookie-jwt")
RUN_TIMEOUT_S = 180.0


def planned_cells() -> set[tuple[str, str, str]]:
    done = subprocess.run(["node", "-e", PLAN_IN_NODE, str(TOPOLOGY_MODULE)],
                          capture_output=True, text=True, check=True, timeout=60)  # fmt: skip
    topologies, policies, modes = json.loads(done.stdout)
    return {(t, p, m) for t in topologies for p in policies for m in modes}


@pytest.fixture(scope="module")
def plan():
    return planned_cells()


@pytest.fixture(scope="module")
def matrix(engine_lab, tmp_path_factory):
    """run(engine, setting) -> the file's content: one run per engine and setting per module,
    each through `python -m infra.matrix` as `make matrix` runs it (its own process: the
    suite's other Playwright, in this process, must not meet the runner's)."""
    directory = tmp_path_factory.mktemp("matrix-results")
    runs = {}

    def run(engine: str, setting: str) -> dict:
        if (engine, setting) not in runs:
            done = subprocess.run(
                [sys.executable, "-m", "infra.matrix", "--engine", engine, "--setting", setting,
                 "--page-url", engine_lab.page_url, "--username", "alice",
                 "--timeout", str(RUN_TIMEOUT_S), "--out-dir", str(directory)],
                cwd=REPO_ROOT, env={**os.environ, "DEMO_PASSWORD": engine_lab.password},
                capture_output=True, text=True, timeout=RUN_TIMEOUT_S + 60,
            )  # fmt: skip
            assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
            path = result_path(engine, setting, directory)
            assert f"Wrote {path}" in done.stdout
            print(done.stdout)
            runs[(engine, setting)] = json.loads(path.read_text())
        return runs[(engine, setting)]

    return run


def assert_every_planned_cell(result: dict, plan: set) -> None:
    cells = {(c["topology"], c["cookiePolicy"], c["mode"]): c for c in result["cells"]}
    assert len(cells) == len(result["cells"]), "a cell ran twice"
    assert set(cells) == plan
    for cell in cells.values():
        assert cell["outcome"] in ("pass", "fail"), cell
        assert cell["outcome"] == "pass" or cell["failedStep"], cell


def csrf_evidence(result: dict, topology: str, policy: str, mode: str = "session") -> dict:
    return result["harness"]["evidence"]["cells"][f"{topology}/{policy}/{mode}"]


def fingerprints(jar: dict) -> set[str]:
    return {cookie["fingerprint"] for cookie in jar["cookies"]}


@pytest.mark.parametrize(("engine", "setting"), list(SETTINGS))
def test_the_matrix_runs_every_cell_and_says_where_it_ran(engine, setting, matrix, plan,
                                                          engine_lab):  # fmt: skip
    result = matrix(engine, setting)

    assert_every_planned_cell(result, plan)
    harness = result["harness"]
    assert harness["setting"] == setting
    assert harness["engine"]["version"]
    assert harness["pageUrl"] == engine_lab.page_url
    # The page's cells ran in the engine the file names (its own user agent says so).
    assert {"chromium": "Chrome/", "firefox": "Firefox/", "webkit": "AppleWebKit/"}[engine] in (
        result["userAgent"]
    )
    if engine == "webkit":
        assert (
            harness["engine"]["browserOptionsArgs"] == SETTINGS[(engine, setting)].options["args"]
        )
        assert WEBKIT_DRIVER in harness["engine"]["driver"]


def test_firefox_default_keeps_the_cross_site_cookie_in_the_page_sites_partition(
    matrix, plan, engine_lab
):
    """Total Cookie Protection: the cross-site SameSite=None CSRF cookie is stored, in a jar
    keyed by the page's site, and that is the cookie the login carries, not the API's own."""
    result = matrix("firefox", "default")
    options = result["harness"]["options"]
    build = firefox.build_default(FIREFOX_COOKIE_BEHAVIOR)
    assert options["prefs"][FIREFOX_COOKIE_BEHAVIOR] == build
    assert options["buildDefaults"][FIREFOX_COOKIE_BEHAVIOR] == build
    evidence = result["harness"]["evidence"]["cells"]
    assert set(evidence) == {f"{t}/{p}/{m}" for t, p, m in plan if m in API_COOKIE_MODES}

    page_origin = engine_lab.page_url.rstrip("/")
    for mode in API_COOKIE_MODES:
        seen = csrf_evidence(result, "cross-site", "none", mode)
        partition = seen["csrfCookie"]["inPagePartition"]
        assert partition["partitionKey"]["sourceOrigin"] == page_origin
        assert [c["sameSite"] for c in partition["cookies"]] == ["none"]
        sent = {c["fingerprint"] for c in seen["sentWithLogin"] if c["name"] == "csrftoken"}
        assert sent and sent <= fingerprints(partition)
        assert not sent & fingerprints(seen["csrfCookie"]["inApiJar"])
        # SameSite=Lax from a cross-site fetch: refused, in every jar the page could use.
        lax = csrf_evidence(result, "cross-site", "lax", mode)
        assert lax["csrfCookie"]["inPagePartition"]["cookies"] == []
        assert not [c for c in lax["sentWithLogin"] if c["name"] == "csrftoken"]


def test_firefox_strict_refuses_the_cross_site_cookie_outright(matrix):
    """cookieBehavior=1: no cross-site cookie is kept, not even in a partition."""
    result = matrix("firefox", "strict")
    options = result["harness"]["options"]
    assert options["prefs"][FIREFOX_COOKIE_BEHAVIOR] == FIREFOX_REJECT_FOREIGN
    # Firefox ran with it: the profile it saved at shutdown holds the value.
    assert options["savedInProfile"][FIREFOX_COOKIE_BEHAVIOR] == FIREFOX_REJECT_FOREIGN
    assert "cookieBehavior = 1" in result["harness"]["why"]
    for policy in ("none", "partitioned"):
        for mode in API_COOKIE_MODES:
            seen = csrf_evidence(result, "cross-site", policy, mode)
            assert seen["csrfCookie"]["inPagePartition"]["cookies"] == []
            assert not [c for c in seen["sentWithLogin"] if c["name"] == "csrftoken"]


def test_chromium_blocked_names_its_reason_and_keeps_chips(matrix):
    """This Chromium refuses the cross-site SameSite=None CSRF cookie for the user's setting,
    and the Partitioned one rides the login from the page site's jar."""
    result = matrix("chromium", "blocked")
    for mode in API_COOKIE_MODES:
        none = csrf_evidence(result, "cross-site", "none", mode)
        assert "UserPreferences" in none["csrfCookieRefusedFor"]
        partitioned = csrf_evidence(result, "cross-site", "partitioned", mode)
        assert partitioned["csrfCookieRefusedFor"] == []
        carried = [c for c in partitioned["csrfCookieAtLogin"] if not c["leftOutFor"]]
        assert [c["partitionKey"]["topLevelSite"] for c in carried] == ["http://app.localhost"]
