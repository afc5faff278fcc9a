"""The live matrix, run by a real Chromium under both third-party-cookie policies.

Every expectation below comes from what the browser's cookie rules say, not from what the
lab's code returns: SameSite, third-party-cookie blocking and CHIPS (Partitioned cookies).
The tab starts on the cross-site page, walks through the same-site and same-origin pages and
comes back with the table.
"""

import json
from pathlib import Path

import pytest

from tests.browser.cdp_cookies import (
    SAMESITE_LAX_REASONS,
    SAMESITE_STRICT_REASONS,
    THIRD_PARTY_BLOCKED_REASONS,
    CookieEvents,
)
from tests.browser.chromium import allowing_third_party_context
from tests.browser.csp_watch import watch_csp
from tests.browser.lab_page import LabPage

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
TOPOLOGIES = ("cross-site", "same-site", "same-origin")
COOKIE_POLICIES = ("lax", "strict", "none", "partitioned")
PASS = ("pass", None)
# Session login needs the CSRF cookie first, so when the browser refuses the API's cookies the
# flow already breaks there (login answers 403), before the session cookie is ever in play.
CSRF_COOKIE_REFUSED = ("fail", "csrf-cookie")

# (topology, cookie policy) -> session-cookie outcome with third-party cookies
# (blocked, allowed). Why:
SESSION_EXPECTED = {
    # The response of a cross-site fetch may not store a SameSite=Lax or Strict cookie, nor is
    # such a cookie sent on one; this holds whatever the third-party setting.
    ("cross-site", "lax"): (CSRF_COOKIE_REFUSED, CSRF_COOKIE_REFUSED),
    ("cross-site", "strict"): (CSRF_COOKIE_REFUSED, CSRF_COOKIE_REFUSED),
    # SameSite=None; Secure is the very definition of a third-party cookie: refused when the
    # browser blocks those, stored and sent when it allows them.
    ("cross-site", "none"): (CSRF_COOKIE_REFUSED, PASS),
    # CHIPS: a Partitioned cookie lives in a jar keyed by the top-level site (app.localhost);
    # browsers keep allowing it while they block unpartitioned third-party cookies.
    ("cross-site", "partitioned"): (PASS, PASS),
    # app.lab.localhost -> api.lab.localhost is cross-origin but same-site: SameSite never
    # restricts, and the cookies are first-party, so blocking third-party cookies is moot.
    **{("same-site", policy): (PASS, PASS) for policy in COOKIE_POLICIES},
    # The API serves the page itself: first-party in every respect.
    **{("same-origin", policy): (PASS, PASS) for policy in COOKIE_POLICIES},
}
# A bearer token travels in the Authorization header, not a cookie: neither SameSite nor
# third-party blocking applies, so JWT passes in every cell.
JWT_EXPECTED = PASS


def expected_matrix(*, third_party_allowed: bool) -> dict:
    expected = {}
    for (topology, policy), outcomes in SESSION_EXPECTED.items():
        expected[(topology, policy, "session")] = outcomes[1 if third_party_allowed else 0]
        expected[(topology, policy, "jwt")] = JWT_EXPECTED
    return expected


def observed_matrix(result: dict) -> dict:
    cells = result["cells"]
    return {
        (c["topology"], c["cookiePolicy"], c["mode"]): (c["outcome"], c["failedStep"])
        for c in cells
    }


def run_and_record(page, context, lab, label: str):
    """Run the matrix from the cross-site page, watching cookies through CDP and CSP."""
    cookies = CookieEvents(context, page)
    violations = watch_csp(page)
    lab_page = LabPage(page, lab).open(lab.cross_site)
    result = lab_page.run_matrix()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"matrix-{label}.png", full_page=True)
    page.locator("#matrix-panel").screenshot(path=ARTIFACTS / f"matrix-panel-{label}.png")
    return result, cookies, violations


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


def test_matrix_with_third_party_cookies_blocked(page, context, lab):
    result, cookies, violations = run_and_record(page, context, lab, "third-party-blocked")
    cross_site = lab.cross_site.rstrip("/")

    assert observed_matrix(result) == expected_matrix(third_party_allowed=False)
    assert result["thirdPartyCookies"] == "blocked"
    assert headline(page).startswith(
        "Session cookie: 9/12 passed (failures: cross-site). JWT bearer: 12/12 passed."
    )
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
    # The tab came home, and the password it carried is gone from the address bar.
    assert page.url.startswith(lab.cross_site)
    assert "plan=" not in page.url
    assert violations == []


def test_matrix_with_third_party_cookies_allowed(playwright, lab, tmp_path):
    context = allowing_third_party_context(playwright, tmp_path / "profile")
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(15_000)
        result, cookies, violations = run_and_record(page, context, lab, "third-party-allowed")
        result_headline = headline(page)
        leftovers = session_cookies_left(context)
    finally:
        context.close()
    cross_site = lab.cross_site.rstrip("/")

    assert observed_matrix(result) == expected_matrix(third_party_allowed=True)
    assert result["thirdPartyCookies"] == "allowed"
    assert result_headline.startswith(
        "Session cookie: 10/12 passed (failures: cross-site). JWT bearer: 12/12 passed."
    )
    assert_reasons_name_the_rule(result)
    # With third-party cookies allowed, what still refuses Lax and Strict is SameSite itself.
    assert cookies.csrf_cookie_refusals(cross_site, "lax") & SAMESITE_LAX_REASONS
    assert cookies.csrf_cookie_refusals(cross_site, "strict") & SAMESITE_STRICT_REASONS
    assert cookies.csrf_cookie_refusals(cross_site, "none") == set()
    assert cookies.csrf_cookie_refusals(cross_site, "partitioned") == set()
    sent = cookies.session_cookies_sent(cross_site, "/api/auth/me/")
    assert {bool(cookie.get("partitionKey")) for cookie in sent} == {True, False}
    assert leftovers == []
    assert violations == []
