"""A real API and a real web client on free ports, for the engine matrix runs: over http, and
over https (issue 17) with a private CA of the test's own (infra/tls.py; nothing is installed:
each engine is made to trust that CA for its run only, infra/matrix/trust.py)."""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from infra.matrix.results import result_path
from infra.servers import WebClient
from tests.support.live_api import REPO_ROOT, free_port, start_api
from web_client.site_config import CROSS_SITE, HTTP, HTTPS, public_api_origin, topology_urls

RUN_TIMEOUT_S = 180.0
TOPOLOGY_MODULE = REPO_ROOT / "web_client" / "scripts" / "logic" / "topology.js"
# The page's own plan, read from its module: whatever auth modes it runs, all must be there.
PLAN_IN_NODE = """import(process.argv[1]).then((m) =>
  console.log(JSON.stringify([m.TOPOLOGIES, m.COOKIE_POLICIES, m.AUTH_MODES])));"""


@dataclass(frozen=True)
class Lab:
    page_url: str
    password: str
    ca_file: Path | None  # the CA the engine must trust (https only)


def _start(stack: ExitStack, directory: Path, scheme: str) -> Lab:
    tls = None
    if scheme == HTTPS:
        from infra.tls import ensure_lab_certificates

        tls = ensure_lab_certificates(directory / "tls")
    web_port = free_port()
    log = directory / f"web_client_{web_port}.log"
    served = {"tls": tls} if tls else {}
    api = stack.enter_context(start_api(env={"WEB_CLIENT_PORT": str(web_port)}, **served))
    stack.enter_context(WebClient(web_port, api_port=api.port, log_path=log, **served))
    pages = topology_urls(web_port, public_api_origin(api.port, scheme))
    return Lab(pages[CROSS_SITE], api.password, tls.ca_file if tls else None)


@pytest.fixture(scope="session")
def engine_lab(tmp_path_factory) -> Callable[[str], Lab]:
    """lab(scheme) -> the cross-site page (where the runs start), the demo users' password and
    the CA; each scheme's servers start the first time a test asks for them."""
    labs: dict[str, Lab] = {}
    with ExitStack() as stack:

        def lab(scheme: str) -> Lab:
            if scheme not in labs:
                labs[scheme] = _start(stack, tmp_path_factory.mktemp(f"engines-{scheme}"), scheme)
            return labs[scheme]

        yield lab


@pytest.fixture(scope="session")
def matrix(engine_lab, tmp_path_factory) -> Callable[[str, str, str], dict]:
    """run(engine, setting, scheme) -> the file's content: one run per engine, setting and
    scheme per session, each through `python -m infra.matrix` as `make matrix` runs it (its own
    process: the suite's other Playwright, in this process, must not meet the runner's)."""
    directory = tmp_path_factory.mktemp("matrix-results")
    runs: dict[tuple[str, str, str], dict] = {}

    def run(engine: str, setting: str, scheme: str = HTTP) -> dict:
        if (engine, setting, scheme) not in runs:
            lab = engine_lab(scheme)
            trust = ["--ca-file", str(lab.ca_file)] if lab.ca_file else []
            done = subprocess.run(
                [sys.executable, "-m", "infra.matrix", "--engine", engine, "--setting", setting,
                 "--page-url", lab.page_url, *trust, "--username", "alice",
                 "--timeout", str(RUN_TIMEOUT_S), "--out-dir", str(directory)],
                cwd=REPO_ROOT, env={**os.environ, "DEMO_PASSWORD": lab.password},
                capture_output=True, text=True, timeout=RUN_TIMEOUT_S + 60,
            )  # fmt: skip
            assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
            path = result_path(engine, setting, directory, scheme)
            assert f"Wrote {path}" in done.stdout
            print(done.stdout)
            runs[(engine, setting, scheme)] = json.loads(path.read_text())
        return runs[(engine, setting, scheme)]

    return run


@pytest.fixture(scope="session")
def plan() -> set[tuple[str, str, str]]:
    """Every (topology, policy, mode) the page plans to run."""
    done = subprocess.run(["node", "-e", PLAN_IN_NODE, str(TOPOLOGY_MODULE)],
                          capture_output=True, text=True, check=True, timeout=60)  # fmt: skip
    topologies, policies, modes = json.loads(done.stdout)
    return {(t, p, m) for t in topologies for p in policies for m in modes}
