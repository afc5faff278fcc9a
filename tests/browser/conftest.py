"""Real servers (API + web client) for the browser suite; its Chromium (`chromium`, shared
with the other suites that drive one) is in tests/conftest.py."""

import pytest

from tests.browser.chromium import VIEWPORT
from tests.browser.csp_watch import watch_csp
from tests.browser.lab_page import LabPage
from tests.browser.other_site import serve_other_site
from tests.browser.servers import Lab, start_web_client
from tests.browser.url_log import UrlLog
from tests.support.live_api import free_port, start_api


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """The API and the web client on free ports; the API's CORS allowlist names the client's."""
    web_port = free_port()
    with (
        start_api(env={"WEB_CLIENT_PORT": str(web_port)}) as api,
        start_web_client(
            port=web_port, api_port=api.port, log_dir=tmp_path_factory.mktemp("web_client")
        ),
    ):
        yield Lab(api_port=api.port, web_port=web_port, password=api.password)


@pytest.fixture
def context(chromium):
    """A fresh context (empty cookie jar and storage) that blocks third-party cookies."""
    context = chromium.new_context(viewport=VIEWPORT)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def csp_violations(page):
    """Every Content-Security-Policy violation the page reports during the test."""
    return watch_csp(page)


@pytest.fixture
def lab_page(page, lab):
    return LabPage(page, lab)


@pytest.fixture
def url_log(context):
    """Every address the context visits from now on, in every page and window."""
    return UrlLog(context)


@pytest.fixture
def other_site():
    """A real server on a site the lab does not trust; it records every request it gets."""
    with serve_other_site() as site:
        yield site
