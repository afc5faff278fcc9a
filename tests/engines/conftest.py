"""A real API and a real web client on free ports, for the engine matrix runs."""

from dataclasses import dataclass

import pytest

from infra.servers import WebClient
from tests.support.live_api import free_port, start_api
from web_client.site_config import CROSS_SITE, public_api_origin, topology_urls


@dataclass(frozen=True)
class Lab:
    page_url: str
    password: str


@pytest.fixture(scope="session")
def engine_lab(tmp_path_factory):
    """The cross-site page (where the runs start) and the demo users' password."""
    web_port = free_port()
    log = tmp_path_factory.mktemp("engines") / f"web_client_{web_port}.log"
    with (
        start_api(env={"WEB_CLIENT_PORT": str(web_port)}) as api,
        WebClient(web_port, api_port=api.port, log_path=log),
    ):
        pages = topology_urls(web_port, public_api_origin(api.port))
        yield Lab(page_url=pages[CROSS_SITE], password=api.password)
