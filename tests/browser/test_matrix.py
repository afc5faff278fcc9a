"""The live matrix, run by a real Chromium under both third-party-cookie settings.

What each cell should do comes from the page's own model (web_client/scripts/logic/
expectations.js, written from the browser's cookie rules), loaded into the page under test: one
source of truth for the page's "unexpected" marker and for this suite. Chromium's own reasons,
read through the DevTools protocol, are checked beside it. The run starts on the cross-site page,
which opens one window for the same-site and same-origin pages in turn (a click in each), runs
its own cells last and shows the table.
"""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import popup_blocker
from tests.browser.cdp_cookies import (
    SAMESITE_LAX_REASONS,
    SAMESITE_STRICT_REASONS,
    THIRD_PARTY_BLOCKED_REASONS,
    CookieEvents,
)
from tests.browser.csp_watch import watch_csp
from tests.browser.lab_page import LabPage
from tests.browser.page_model import expected_headline, model_matrix
from tests.browser.url_log import UrlLog

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
SURPRISE = "#matrix-panel td.surprise"


def observed_matrix(result: dict) -> dict:
    return {(c["topology"], c["cookiePolicy"], c["mode"]): (c["outcome"], c["failedStep"])
            for c in result["cells"]}  # fmt: skip


def run_and_record(page, context, lab, label: str):
    """Run the matrix from the cross-site page, watching cookies, CSP and every address."""
    cookies = CookieEvents(context, page)
    urls = UrlLog(context)
    reports = [watch_csp(page)]  # one list per page, filled as reports arrive
    context.on("page", lambda window: reports.append(watch_csp(window)))
    lab_page = LabPage(page, lab).open(lab.cross_site)
    windows = []
    result = lab_page.run_matrix(windows)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"matrix-{label}.png", full_page=True)
    page.locator("#matrix-panel").screenshot(path=ARTIFACTS / f"matrix-panel-{label}.png")
    return result, cookies, reports, urls, windows[0]


def csp_violations_in(reports: list[list[str]]) -> list[str]:
    return [text for page_reports in reports for text in page_reports]


def session_cookies_left(context) -> list[dict]:
    """sessionid cookies still in the browser, Partitioned ones (with their partition key) too."""
    return [cookie for cookie in context.cookies() if cookie["name"] == "sessionid"]


def headline(page) -> str:
    """The one-line verdict a visitor reads above the table."""
    return page.text_content("#matrix-panel [data-field=matrix-status]")


def assert_reasons_name_the_rule(result: dict) -> None:
    """A failing cell says the CSRF cookie broke, and names the browser rule behind it."""
    for cell in result["cells"]:
        if cell["outcome"] == "fail":
            assert cell["reason"].startswith("CSRF cookie refused:"), cell
    reasons = {(c["cookiePolicy"], c["mode"]): c["reason"] for c in result["cells"]
               if c["topology"] == "cross-site"}  # fmt: skip
    if result["thirdPartyCookies"] == "blocked":
        assert "third-party cookies are blocked" in reasons[("none", "session")]
    assert "SameSite=Lax" in reasons[("lax", "session")]
    assert "SameSite=Strict" in reasons[("strict", "session")]


def assert_walk_left_no_trace(page, lab, window, urls: UrlLog) -> None:
    """The window is closed, the tab is home, and no address ever held the password."""
    assert window.is_closed()
    assert page.url == lab.cross_site
    assert urls.carrying(lab.password) == []
    assert any("?matrix-helper=cross-site" in url for url in urls.urls), "the log saw the window"


def test_matrix_with_third_party_cookies_blocked(page, context, lab):
    result, cookies, reports, urls, window = run_and_record(
        page, context, lab, "third-party-blocked"
    )
    cross_site = lab.cross_site.rstrip("/")
    model = model_matrix(page, "blocked")

    assert len(model) == 3 * 4 * 2
    assert observed_matrix(result) == model
    assert result["thirdPartyCookies"] == "blocked"
    expect(page.locator(SURPRISE)).to_have_count(0)
    assert headline(page).startswith(expected_headline(model))
    assert_reasons_name_the_rule(result)
    # Chromium's own reason: the third-party block refuses every unpartitioned cookie first.
    for policy in ("lax", "strict", "none"):
        assert cookies.csrf_cookie_refusals(cross_site, policy) & THIRD_PARTY_BLOCKED_REASONS
    assert cookies.csrf_fetches(cross_site, "partitioned") == 1
    assert cookies.csrf_cookie_refusals(cross_site, "partitioned") == set()
    # The only session cookie a cross-site page could send is the Partitioned one, filed under
    # the page's top-level site.
    sent = cookies.session_cookies_sent(cross_site, "/api/auth/me/")
    assert sent, "the partitioned session cookie never reached /me"
    assert {cookie["partitionKey"]["topLevelSite"] for cookie in sent} == {"http://app.localhost"}
    # Each cell logged out again, Partitioned cookies included: no session is left behind.
    assert session_cookies_left(context) == []
    # The export is the same table.
    with page.expect_download() as download:
        page.click("button[data-action=export]")
    exported = json.loads(Path(download.value.path()).read_text())
    assert exported["cells"] == result["cells"]
    assert_walk_left_no_trace(page, lab, window, urls)
    assert csp_violations_in(reports) == []


def test_matrix_with_third_party_cookies_allowed(playwright, lab, tmp_path):
    context = popup_blocker.context_allowing_third_party(playwright, tmp_path / "profile")
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(15_000)
        result, cookies, reports, urls, window = run_and_record(
            page, context, lab, "third-party-allowed"
        )
        model = model_matrix(page, "allowed")
        surprises = page.locator(SURPRISE).count()
        result_headline = headline(page)
        leftovers = session_cookies_left(context)
        assert_walk_left_no_trace(page, lab, window, urls)
    finally:
        context.close()
    cross_site = lab.cross_site.rstrip("/")

    assert observed_matrix(result) == model
    assert result["thirdPartyCookies"] == "allowed"
    assert surprises == 0
    assert result_headline.startswith(expected_headline(model))
    assert_reasons_name_the_rule(result)
    # With third-party cookies allowed, what still refuses Lax and Strict is SameSite itself.
    assert cookies.csrf_cookie_refusals(cross_site, "lax") & SAMESITE_LAX_REASONS
    assert cookies.csrf_cookie_refusals(cross_site, "strict") & SAMESITE_STRICT_REASONS
    assert cookies.csrf_cookie_refusals(cross_site, "none") == set()
    assert cookies.csrf_cookie_refusals(cross_site, "partitioned") == set()
    sent = cookies.session_cookies_sent(cross_site, "/api/auth/me/")
    assert {bool(cookie.get("partitionKey")) for cookie in sent} == {True, False}
    assert leftovers == []
    assert csp_violations_in(reports) == []


def test_the_page_marks_a_result_the_model_did_not_expect(page, lab):
    """The marker the matrix tests look for appears where a cell departs from the model."""
    LabPage(page, lab).open(lab.cross_site)
    page.evaluate(
        """async () => {
          const { matrixTable } = await import(
            new URL("./scripts/components/matrix_table.js", document.baseURI).href);
          const cell = (cookiePolicy, mode, outcome, failedStep) => ({
            topology: "cross-site", cookiePolicy, mode, outcome, failedStep, reason: "r" });
          const cells = [
            cell("none", "session", "fail", "csrf-cookie"),  // as the model says
            cell("lax", "jwt", "fail", "bearer"),  // the model says pass
            cell("strict", "session", "fail", "login"),  // fails, but not where the model says
          ];
          document.querySelector("[data-field=matrix-table]")
            .replaceChildren(matrixTable(cells, "blocked"));
        }"""
    )
    expect(page.locator(SURPRISE)).to_have_count(2)
    jwt = page.locator("td[data-cell='cross-site/lax/jwt']")
    expect(jwt).to_have_class("cell-fail surprise")
    expect(jwt).to_contain_text("Unexpected: the model says pass.")
    expect(page.locator("td[data-cell='cross-site/strict/session']")).to_contain_text(
        "Unexpected: the model says fail at CSRF cookie refused."
    )
    expect(page.locator("td[data-cell='cross-site/none/session']")).not_to_have_class("surprise")
