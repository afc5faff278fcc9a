"""When the API does not answer, the page says so plainly and keeps what the person typed."""

import pytest
from playwright.sync_api import expect

from tests.browser.lab_page import LabPage
from tests.browser.servers import Lab, start_web_client
from tests.support.live_api import free_port

pytestmark = pytest.mark.browser


@pytest.fixture
def lab_without_api(tmp_path):
    """A web client whose API port has nothing listening on it."""
    web_port, dead_api_port = free_port(), free_port()
    with start_web_client(port=web_port, api_port=dead_api_port, log_dir=tmp_path):
        yield Lab(api_port=dead_api_port, web_port=web_port, password="typed-by-hand")


def test_api_down_is_reported_and_typed_input_is_kept(page, lab_without_api):
    lab_page = LabPage(page, lab_without_api).open(lab_without_api.cross_site)
    expect(lab_page.status).to_contain_text("No answer from the API")

    lab_page.sign_in(mode="session", cookie_policy="partitioned")
    expect(lab_page.status).to_contain_text("Sign-in failed. No answer from the API at")
    failed = lab_page.latest_exchange()
    expect(failed.locator(".status-code")).to_have_text("no answer")
    expect(failed.locator(".error-text")).to_contain_text("it is not running")
    expect(page.locator("#password")).to_have_value("typed-by-hand")
    expect(page.locator("#cookie-policy")).to_have_value("partitioned")

    lab_page.add_note("Unsaved thought", "still here")
    expect(lab_page.status).to_contain_text("Note not saved (your text is kept)")
    expect(page.locator("#notes-panel input[name=title]")).to_have_value("Unsaved thought")
    expect(page.locator("#notes-panel textarea[name=text]")).to_have_value("still here")
