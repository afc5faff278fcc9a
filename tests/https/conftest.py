"""The lab over https on free ports: a private CA and certificate made by mkcert in a
temporary folder (nothing is installed anywhere), the API and the web client's server
started with them, and clients that check every certificate against that CA."""

import pytest

from infra.servers import WebClient
from infra.tls import ensure_lab_certificates
from tests.https.client import TlsClient
from tests.support.live_api import api_env, free_port, start_api


@pytest.fixture(scope="session")
def lab_tls(tmp_path_factory):
    """The lab's CA and certificate, made for this run in a folder of its own."""
    return ensure_lab_certificates(tmp_path_factory.mktemp("lab-tls"))


@pytest.fixture(scope="session")
def web_port():
    return free_port()


@pytest.fixture(scope="session")
def https_api(lab_tls, web_port):
    """The API over https; its CORS and CSRF origins are the web client's https ones."""
    with start_api(env={"WEB_CLIENT_PORT": str(web_port)}, tls=lab_tls) as api:
        yield api


@pytest.fixture(scope="session")
def https_web(https_api, lab_tls, web_port, tmp_path_factory):
    """The web client's server (page, config.json, BFF) over https, for `https_api`."""
    log_dir = tmp_path_factory.mktemp("https-web")
    environment = api_env()
    environment.pop("REDIS_URL", None)  # the BFF's SQLite store, whatever the shell says
    server = WebClient(web_port, api_port=https_api.port, log_path=log_dir / "web_client.log",
                       env=environment, tls=lab_tls)  # fmt: skip
    with server:
        yield server


@pytest.fixture
def api(https_api, lab_tls):
    """A fresh client of the API as api.localhost (the cross-site page's API)."""
    return TlsClient("api.localhost", https_api.port, lab_tls.ca_file)


@pytest.fixture
def page_origin(web_port) -> str:
    """The cross-site page's origin, which the API trusts."""
    return f"https://app.localhost:{web_port}"
