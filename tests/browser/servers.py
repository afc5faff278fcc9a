"""The web client's own server, started as a subprocess next to the real API."""

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from infra.local_services import stop_process, wait_until_answering

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER = REPO_ROOT / "web_client" / "server.py"


@dataclass
class Lab:
    """Where each topology's page lives, for one API port and one web-client port."""

    api_port: int
    web_port: int
    password: str

    @property
    def cross_site(self) -> str:
        return f"http://app.localhost:{self.web_port}/"

    @property
    def same_site(self) -> str:
        return f"http://app.lab.localhost:{self.web_port}/"

    @property
    def same_origin(self) -> str:
        return f"http://api.localhost:{self.api_port}/app/"

    def topology_urls(self) -> list[str]:
        """The three pages in the order the page lists its topologies (logic/topology.js)."""
        return [self.cross_site, self.same_site, self.same_origin]

    @property
    def api(self) -> str:
        """The API for Python clients (the system resolver does not know *.localhost)."""
        return f"http://127.0.0.1:{self.api_port}"


@contextmanager
def start_web_client(*, port: int, api_port: int, log_dir: Path) -> Iterator[subprocess.Popen]:
    """web_client/server.py on `port`, pointing at an API on `api_port`; stopped on exit."""
    log_path = log_dir / f"web_client_{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, str(SERVER), "--port", str(port), "--api-port", str(api_port)],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_answering(
                f"http://127.0.0.1:{port}/config.json",
                process,
                log_path,
                timeout=15,
                headers={"Host": f"app.localhost:{port}"},
            )
            yield process
        finally:
            stop_process(process)


def get(port: int, path: str, host: str) -> requests.Response:
    """GET from the web client as `host` (connecting to 127.0.0.1: no resolver needed)."""
    return requests.get(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": f"{host}:{port}"},
        allow_redirects=False,
        timeout=5,
    )
