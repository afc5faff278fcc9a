"""A topology page that never answers stops the run, within a stated bound, with a clear message.

The run hands its credentials to a page only after that page says it is ready. A page that does
not load (nothing listens on its port) or cannot read its configuration never says so: the run
gives up after the bound its own message states, closes the window, keeps the cells that ran,
and no address ever held the password.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.lab_page import LabPage
from tests.browser.servers import Lab, start_web_client
from tests.support.live_api import free_port

pytestmark = pytest.mark.browser

# Beyond the stated bound: the helper window's cells (failing fast with no API) and the
# browser's own scheduling on a loaded machine.
SLACK_S = 10
FAILED = "#matrix-panel[data-state=failed]"


@pytest.fixture
def lab_with_closed_api_port(tmp_path):
    """A web client whose API port, and so the same-origin page's, has nothing listening."""
    web_port, closed_port = free_port(), free_port()
    with start_web_client(port=web_port, api_port=closed_port, log_dir=tmp_path):
        yield Lab(api_port=closed_port, web_port=web_port, password="typed-by-hand")


def stated_bound_s(message: str) -> int:
    return int(re.search(r"did not answer within (\d+) s", message).group(1))


def test_a_topology_page_whose_port_is_closed_stops_the_run(
    page, lab_with_closed_api_port, url_log
):
    lab = lab_with_closed_api_port
    conductor = LabPage(page, lab).open(lab.cross_site)
    window = conductor.start_matrix()
    conductor.run_in_window(window, lab.same_site)
    before_same_origin = time.monotonic()

    expect(page.locator(FAILED)).to_be_attached(timeout=60_000)
    elapsed = time.monotonic() - before_same_origin
    message = conductor.matrix_status.text_content()
    bound = stated_bound_s(message)
    assert message.startswith(
        f"The Same-origin page ({lab.same_origin}?matrix-helper=cross-site) did not answer within"
    )
    assert "not reachable" in message
    assert bound <= elapsed <= bound + SLACK_S, (bound, elapsed)
    assert conductor.matrix_status.get_attribute("data-kind") == "error"
    # The same-site cells (4 cookie policies x 4 auth modes) ran and failed: no API, not even
    # behind the BFF. The other two topologies' cells are marked as never run.
    expect(page.locator("td[data-cell^='same-site/']")).to_have_count(4 * 4)
    expect(page.locator("td.not-run")).to_have_count(2 * 4 * 4)
    # The BFF answered for itself and named what broke behind it.
    expect(page.locator("td[data-cell='same-site/lax/bff']")).to_contain_text(
        "BFF could not reach the API"
    )
    expect(page.locator("button[data-action=run-matrix]")).to_be_enabled()
    if not window.is_closed():  # the run closed it; the event may still be on its way
        window.wait_for_event("close", timeout=5_000)
    assert page.url == lab.cross_site
    assert url_log.carrying(lab.password) == []


def test_a_topology_page_that_cannot_read_its_config_stops_the_run(page, context, lab, url_log):
    config = f"{lab.same_site}config.json"
    context.route(config, lambda route: route.fulfill(status=500, body="broken"))
    conductor = LabPage(page, lab).open(lab.cross_site)
    clicked = time.monotonic()
    window = conductor.start_matrix()

    # What the window itself shows, while the run still waits for it.
    expect(window.locator("#topology-banner")).to_contain_text(
        "This page could not read its configuration: ./config.json answered HTTP 500"
    )
    assert window.url == f"{lab.same_site}?matrix-helper=cross-site"
    expect(page.locator(FAILED)).to_be_attached(timeout=60_000)
    elapsed = time.monotonic() - clicked
    message = conductor.matrix_status.text_content()
    bound = stated_bound_s(message)
    assert "could not read its configuration" in message
    assert bound <= elapsed <= bound + SLACK_S, (bound, elapsed)
    assert page.locator("#matrix-panel td[data-cell]").count() == 0, "nothing ran"
    assert url_log.carrying(lab.password) == []
