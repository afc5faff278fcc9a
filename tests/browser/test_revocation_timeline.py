"""What still works after an event: the timeline panel in real Chromium against the real API.

A private API whose access tokens live ACCESS_TTL_SECONDS, with no leeway, so a timeline ends
seconds after its event instead of minutes. For each event the page signs alice in as a session
(same-site page, SameSite=Lax) and as a JWT pair, the event fires, and the page probes every
credential once a second until the rules say nothing more changes. The lanes must end in the
order the page's own rules predict, with nothing marked unexpected. The observed table lands in
tests/browser/artifacts/revocation-table.md, screenshots beside it.
"""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mobile_client.apiclient import ApiClient, InvalidCredentials
from tests.browser.lab_page import LabPage
from tests.browser.servers import Lab, start_web_client
from tests.browser.timeline_page import TimelinePanel
from tests.support.live_api import free_port, start_api

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
ACCESS_TTL_SECONDS = 8
SHORT_ACCESS_ENV = {"JWT_ACCESS_TTL_SECONDS": str(ACCESS_TTL_SECONDS), "JWT_LEEWAY_SECONDS": "0"}
# The access lifetime, the page's own bound past it (EXPIRY_GRACE_SECONDS, 15 s) and slack.
FINISHED_TIMEOUT_MS = (ACCESS_TTL_SECONDS + 15 + 15) * 1000
LANES = ["session", "access-db", "access-stateless", "refresh"]
LANE_HEADS = ["session cookie", "access token, db", "access token, stateless", "refresh token"]
VIA_WORDS = {"bearer": "access token", "session": "session cookie", "refresh": "refresh token"}
SCREENSHOT_EVENT = ("logout-everywhere", "bearer")

# (event, the credential that sends it where there is a choice)
RUNS = [
    ("logout-jwt", "bearer"),
    ("logout-everywhere", "bearer"),
    ("logout-session", "session"),
    ("change-password", "bearer"),
    ("change-password", "session"),
    ("deactivate", "bearer"),
]


@pytest.fixture(scope="module")
def short_lab(tmp_path_factory):
    web_port = free_port()
    with (
        start_api(env={"WEB_CLIENT_PORT": str(web_port), **SHORT_ACCESS_ENV}) as api,
        start_web_client(
            port=web_port, api_port=api.port, log_dir=tmp_path_factory.mktemp("web_client")
        ),
    ):
        yield Lab(api_port=api.port, web_port=web_port, password=api.password)


@pytest.fixture(scope="module")
def observed_rows():
    """Each run's observed ends, written out as a Markdown table when the module is done."""
    rows = []
    yield rows
    if rows:
        ARTIFACTS.mkdir(exist_ok=True)
        head = "| event (sent with) | " + " | ".join(LANE_HEADS) + " |"
        lines = [head, "|" + " --- |" * (len(LANES) + 1), *rows]
        (ARTIFACTS / "revocation-table.md").write_text("\n".join(lines) + "\n")


def password_works(lab: Lab) -> bool:
    """The demo password signs alice in (as a new JWT device)."""
    with tempfile.TemporaryDirectory(prefix="timeline-device-") as token_dir:
        try:
            ApiClient(lab.api, "jwt", token_dir).login("alice", lab.password)
        except InvalidCredentials:
            return False
    return True


def assert_ends_in_order(summary: dict, predicted: dict) -> None:
    """Raw times, not the page's words: at-once lanes end after the event and before the access
    token's exp, at-expiry lanes at or after it (and after every at-once lane), never lanes are
    still alive."""
    lanes = summary["lanes"]
    event_at = summary["event"]["at"]
    exp_ms = summary["accessExp"] * 1000
    at_once = [lanes[lane]["endedAt"] for lane in LANES if predicted[lane] == "at-once"]
    at_expiry = [lanes[lane]["endedAt"] for lane in LANES if predicted[lane] == "at-expiry"]
    assert all(event_at < ended < exp_ms for ended in at_once), summary
    assert all(ended >= exp_ms for ended in at_expiry), summary
    if at_once and at_expiry:
        assert max(at_once) < min(at_expiry), summary
    for lane in LANES:
        if predicted[lane] == "never":
            assert lanes[lane]["state"] == "alive", (lane, summary)


@pytest.mark.parametrize(("event", "via"), RUNS, ids=[f"{e}-via-{v}" for e, v in RUNS])
def test_lanes_end_in_the_order_the_rules_predict(
    short_lab, page, csp_violations, observed_rows, event, via
):
    LabPage(page, short_lab).open(short_lab.same_site)
    panel = TimelinePanel(page, short_lab.password)
    panel.sign_in()
    for lane in LANES:
        expect(panel.lane(lane)).to_have_attribute("data-state", "alive")
    panel.fire(event, via)
    summary = panel.wait_finished(FINISHED_TIMEOUT_MS)

    assert summary["event"]["event"] == event
    predicted = panel.predicted_ends(summary)
    observed = {lane: summary["lanes"][lane]["observed"] for lane in LANES}
    assert observed == predicted
    assert_ends_in_order(summary, predicted)
    expect(panel.root.locator(".surprise")).to_have_count(0)
    expect(panel.status).to_have_text("Finished: every lane ended as the rules predict.")
    for lane in LANES:
        expect(panel.lane(lane)).to_have_attribute("data-agrees", "true")
        # In plain words: why it stopped, or why it still works.
        words = (
            "Still valid when the timeline stopped" if predicted[lane] == "never" else "Stopped at"
        )
        expect(panel.lane(lane).locator(".lane-why")).to_contain_text(words)
    # The inspector shows the event and sign-ins, never a password.
    inspector = page.inner_text("#inspector")
    assert short_lab.password not in inspector
    assert "lab-temp-" not in inspector

    sent_with = VIA_WORDS[summary["event"]["via"]]
    cells = " | ".join(observed[lane].replace("-", " ") for lane in LANES)
    observed_rows.append(f"| {event} ({sent_with}) | {cells} |")
    if (event, via) == SCREENSHOT_EVENT:
        ARTIFACTS.mkdir(exist_ok=True)
        panel.root.screenshot(path=ARTIFACTS / "revocation-timeline.png")

    if event == "change-password":
        # The panel set the password back at once: the demo password still signs in.
        assert password_works(short_lab)
    if event == "deactivate":
        reactivate = panel.root.get_by_role("button", name="Reactivate alice")
        reactivate.click()
        expect(panel.status).to_have_text("alice is active again and can sign in.")
        expect(reactivate).to_be_hidden()
        assert password_works(short_lab)
    assert csp_violations == []


def test_the_session_lane_says_why_it_cannot_work_cross_site_with_lax(short_lab, page):
    lab_page = LabPage(page, short_lab).open(short_lab.cross_site)
    page.select_option("#cookie-policy", "lax")
    panel = TimelinePanel(page, short_lab.password)
    panel.sign_in()
    session = panel.lane("session")
    expect(session).to_have_attribute("data-state", "unavailable")
    expect(session).to_contain_text("cannot work on this page")
    expect(session).to_contain_text("SameSite=Lax")
    link = session.get_by_role("link", name="Open the same-site page.")
    expect(link).to_have_attribute("href", short_lab.same_site)
    for lane in ["access-db", "access-stateless", "refresh"]:
        expect(panel.lane(lane)).to_have_attribute("data-state", "alive")
    # Each working lane says why it works, in the API's words where it gives them.
    stateless = panel.lane("access-stateless").locator(".lane-why")
    expect(stateless).to_contain_text("nothing on the server is consulted until it expires at")
    expect(panel.event_button("logout-session")).to_be_disabled()
    expect(panel.root.locator("select[name=via] option[value=session]")).to_be_disabled()

    # A Partitioned cookie (CHIPS) reaches the API even from here: the lane works.
    lab_page.page.select_option("#cookie-policy", "partitioned")
    panel.sign_in()
    expect(session).to_have_attribute("data-state", "alive")
    expect(panel.event_button("logout-session")).to_be_enabled()
