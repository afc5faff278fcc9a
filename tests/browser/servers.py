"""The web client's own server, started next to the real API, and where each page lives."""

from dataclasses import dataclass
from pathlib import Path

import requests

from infra.servers import WebClient
from web_client.site_config import (
    CROSS_SITE,
    SAME_ORIGIN,
    SAME_SITE,
    public_api_origin,
    topology_urls,
)


@dataclass
class Lab:
    """Where each topology's page lives, for one API port and one web-client port."""

    api_port: int
    web_port: int
    password: str

    @property
    def pages(self) -> dict[str, str]:
        return topology_urls(self.web_port, public_api_origin(self.api_port))

    @property
    def cross_site(self) -> str:
        return self.pages[CROSS_SITE]

    @property
    def same_site(self) -> str:
        return self.pages[SAME_SITE]

    @property
    def same_origin(self) -> str:
        return self.pages[SAME_ORIGIN]

    def topology_urls(self) -> list[str]:
        """The three pages in the order the page lists its topologies (logic/topology.js)."""
        return [self.cross_site, self.same_site, self.same_origin]

    @property
    def api(self) -> str:
        """The API for Python clients (the system resolver does not know *.localhost)."""
        return f"http://127.0.0.1:{self.api_port}"


def start_web_client(*, port: int, api_port: int, log_dir: Path) -> WebClient:
    """web_client/server.py on `port`, pointing at an API on `api_port`: started on entering
    a `with` block, stopped on leaving it."""
    return WebClient(port, api_port=api_port, log_path=log_dir / f"web_client_{port}.log")


def get(port: int, path: str, host: str) -> requests.Response:
    """GET from the web client as `host` (connecting to 127.0.0.1: no resolver needed)."""
    return requests.get(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": f"{host}:{port}"},
        allow_redirects=False,
        timeout=5,
    )
