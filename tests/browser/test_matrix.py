"""The live matrix, run by a real Chromium under both third-party-cookie settings.

What each cell should do comes from the page's own model (web_client/scripts/logic/
expectations.js, written from the browser's cookie rules), loaded into the page under test: one
source of truth for the page's "unexpected" marker and for this suite. Chromium's own reasons,
read through the DevTools protocol, are checked beside it. The run starts on the cross-site page,
which opens one window for the same-site and same-origin pages in turn (a click in each), runs
its own cells last and shows the table. Four auth modes per topology and cookie policy: the
session cookie, the JWT in a cookie, the JWT bearer and the BFF.
"""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

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
from tests.browser.token_watch import (
    NO_TOKENS,
    BffAnswers,
    script_visible_cookies,
    tokens_visible_to_script,
)
from tests.browser.url_log import UrlLog

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
SURPRISE = "#matrix-panel td.surprise"
COOKIE_MODES = ("session", "cookie-jwt")
# Cookies a run sets and must take away again: each cell logs out.
CREDENTIAL_COOKIES = {"sessionid", "jwt_access", "jwt_refresh", "lab_bff"}
# What the BFF says it sent to the API in place of a token (contract B, X-BFF-Upstream).
BFF_AUTHORIZATION = "Bearer (held by the BFF)"


@dataclass
class Run:
    result: dict
    cookies: CookieEvents
    bff: BffAnswers
    csp_reports: list[list[str]]
    urls: UrlLog
    window: Page


def observed_matrix(result: dict) -> dict:
    return {(c["topology"], c["cookiePolicy"], c["mode"]): (c["outcome"], c["failedStep"])
            for c in result["cells"]}  # fmt: skip


def run_and_record(page, context, lab, label: str) -> Run:
    """Run the matrix from the cross-site page, watching cookies, the BFF's answers, CSP and
    every address."""
    cookies = CookieEvents(context, page)
    bff = BffAnswers(context)
    urls = UrlLog(context)
    reports = [watch_csp(page)]  # one list per page, filled as reports arrive
    context.on("page", lambda window: reports.append(watch_csp(window)))
    lab_page = LabPage(page, lab).open(lab.cross_site)
    windows = []
    result = lab_page.run_matrix(windows, on_window=bff.watch)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"matrix-{label}.png", full_page=True)
    page.locator("#matrix-panel").screenshot(path=ARTIFACTS / f"matrix-panel-{label}.png")
    (ARTIFACTS / f"matrix-table-{label}.md").write_text(markdown_table(result))
    return Run(result, cookies, bff, reports, urls, windows[0])


def markdown_table(result: dict) -> str:
    """The run as the README shows it: a row per topology, a column per cookie policy, each
    cell "session / cookie JWT / bearer / BFF" (✗ with the step that broke)."""
    cells = {(c["topology"], c["cookiePolicy"], c["mode"]): c for c in result["cells"]}
    topologies = list(result["topologies"])  # the page's order, from its config.json
    policies = list(dict.fromkeys(c["cookiePolicy"] for c in result["cells"]))
    modes = list(dict.fromkeys(c["mode"] for c in result["cells"]))

    def verdict(cell: dict) -> str:
        return "✓" if cell["outcome"] == "pass" else f"✗ {cell['reason'].split(':')[0]}"

    lines = [
        f"Third-party cookies {result['thirdPartyCookies']}; each cell: {' / '.join(modes)}.",
        "",
        f"| topology | {' | '.join(policies)} |",
        f"| --- |{' --- |' * len(policies)}",
    ]
    for topology in topologies:
        row = [" / ".join(verdict(cells[(topology, p, m)]) for m in modes) for p in policies]
        lines.append(f"| {topology} | {' | '.join(row)} |")
    return "\n".join(lines) + "\n"


def csp_violations_in(reports: list[list[str]]) -> list[str]:
    return [text for page_reports in reports for text in page_reports]


def credential_cookies_left(context) -> list[dict]:
    """Credential cookies still in the browser, Partitioned ones (with their partition key) too."""
    return [cookie for cookie in context.cookies() if cookie["name"] in CREDENTIAL_COOKIES]


def headline(page) -> str:
    """The one-line verdict a visitor reads above the table."""
    return page.text_content("#matrix-panel [data-field=matrix-status]")


def assert_reasons_name_the_rule(result: dict) -> None:
    """A failing cell says the CSRF cookie broke, and names the browser rule behind it, for the
    session and the cookie JWT alike."""
    for cell in result["cells"]:
        if cell["outcome"] == "fail":
            assert cell["mode"] in COOKIE_MODES, cell
            assert cell["reason"].startswith("CSRF cookie refused:"), cell
    reasons = {(c["cookiePolicy"], c["mode"]): c["reason"] for c in result["cells"]
               if c["topology"] == "cross-site"}  # fmt: skip
    for mode in COOKIE_MODES:
        if result["thirdPartyCookies"] == "blocked":
            assert "third-party cookies are blocked" in reasons[("none", mode)]
        assert "SameSite=Lax" in reasons[("lax", mode)]
        assert "SameSite=Strict" in reasons[("strict", mode)]


def assert_csrf_refused_for_both_cookie_modes(
    cookies: CookieEvents, page_origin: str, policy: str, reasons: set[str]
) -> None:
    """Chromium refused the CSRF cookie the session cell and the cookie-JWT cell each fetched,
    for one of `reasons`: the same cookie, the same rule."""
    by_mode = cookies.csrf_refusals_by_mode(page_origin, policy)
    assert set(by_mode) == set(COOKIE_MODES), by_mode
    for mode, refused in by_mode.items():
        assert refused & reasons, (policy, mode, refused)


def assert_cookie_jwt_rode_its_cookies(cookies: CookieEvents, page_origin: str) -> set[bool]:
    """Where a cross-site cookie-JWT cell passed, Chromium attached jwt_access to /me and
    jwt_refresh to the refresh. Returns whether those jwt_access cookies were partitioned."""
    access = cookies.cookies_sent(page_origin, "/api/auth/me/", "jwt_access")
    assert access, "the jwt_access cookie never reached /me"
    refresh = cookies.cookies_sent(page_origin, "/api/auth/cookie-jwt/refresh/", "jwt_refresh")
    assert refresh, "the jwt_refresh cookie never reached the refresh endpoint"
    for cookie in access + refresh:
        assert cookie["httpOnly"], cookie
    return {bool(cookie.get("partitionKey")) for cookie in access}


def assert_bff_kept_its_tokens(run: Run, lab) -> None:
    """Every BFF cell passed with the BFF's bearer, its first-party cookie reached it from the
    cross-site page, and no token was in any body or header the BFF answered any page."""
    bff_cells = [cell for cell in run.result["cells"] if cell["mode"] == "bff"]
    assert len(bff_cells) == 3 * 4
    for cell in bff_cells:
        assert cell["upstream"]["authorization"] == BFF_AUTHORIZATION, cell
        assert cell["upstream"]["status"] == 200, cell
    cross_site = lab.cross_site.rstrip("/")
    sent = run.cookies.cookies_sent(cross_site, "/bff/api/auth/me/", "lab_bff")
    assert sent, "the BFF's cookie never reached the BFF from the cross-site page"
    assert all(cookie["sameSite"] == "Strict" and cookie["httpOnly"] for cookie in sent), sent
    assert not any(cookie.get("partitionKey") for cookie in sent), "first-party: no partition"
    assert run.cookies.refusals_on(cross_site, "/bff/login/", "lab_bff") == set()
    seen = Counter(urlsplit(answer.url).netloc for answer in run.bff.answers)
    assert len(run.bff.answers) >= 5 * len(bff_cells), f"the watch saw: {seen} {run.bff.errors}"
    assert [a.url for a in run.bff.answers if a.body is None] == [], "every body was read"
    assert run.bff.tokens() == []


def assert_no_token_visible_to_script(context: BrowserContext, lab) -> None:
    """After a run, nothing a script can read on any of the three origins holds a token or a
    credential cookie (the third-party setting plays no part in what a page stores)."""
    page = context.new_page()
    try:
        for url in lab.topology_urls():
            LabPage(page, lab).open(url)
            assert tokens_visible_to_script(page) == NO_TOKENS, url
            assert not script_visible_cookies(page) & CREDENTIAL_COOKIES, url
    finally:
        page.close()


def assert_walk_left_no_trace(page, lab, window, urls: UrlLog) -> None:
    """The window is closed, the tab is home, and no address ever held the password."""
    assert window.is_closed()
    assert page.url == lab.cross_site
    assert urls.carrying(lab.password) == []
    assert any("?matrix-helper=cross-site" in url for url in urls.urls), "the log saw the window"


def test_matrix_with_third_party_cookies_blocked(page, context, lab):
    run = run_and_record(page, context, lab, "third-party-blocked")
    result, cookies = run.result, run.cookies
    cross_site = lab.cross_site.rstrip("/")
    model = model_matrix(page, "blocked")

    assert len(model) == 3 * 4 * 4
    assert observed_matrix(result) == model
    assert result["thirdPartyCookies"] == "blocked"
    expect(page.locator(SURPRISE)).to_have_count(0)
    assert headline(page).startswith(expected_headline(page, model))
    assert_reasons_name_the_rule(result)
    # Chromium's own reason: the third-party block refuses every unpartitioned cookie first,
    # the CSRF cookie of the cookie-JWT cell as much as the session cell's.
    for policy in ("lax", "strict", "none"):
        assert_csrf_refused_for_both_cookie_modes(
            cookies, cross_site, policy, THIRD_PARTY_BLOCKED_REASONS
        )
    assert cookies.csrf_fetches(cross_site, "partitioned") == 2
    assert cookies.csrf_cookie_refusals(cross_site, "partitioned") == set()
    # The only credential cookies a cross-site page could send are the Partitioned ones, filed
    # under the page's top-level site.
    sent = cookies.session_cookies_sent(cross_site, "/api/auth/me/")
    assert sent, "the partitioned session cookie never reached /me"
    assert {cookie["partitionKey"]["topLevelSite"] for cookie in sent} == {"http://app.localhost"}
    assert assert_cookie_jwt_rode_its_cookies(cookies, cross_site) == {True}
    assert_bff_kept_its_tokens(run, lab)
    assert_no_token_visible_to_script(context, lab)
    # Each cell logged out again, Partitioned cookies included: no credential is left behind.
    assert credential_cookies_left(context) == []
    # The export is the same table.
    with page.expect_download() as download:
        page.click("button[data-action=export]")
    exported = json.loads(Path(download.value.path()).read_text())
    assert exported["cells"] == result["cells"]
    assert_walk_left_no_trace(page, lab, run.window, run.urls)
    assert csp_violations_in(run.csp_reports) == []


def test_matrix_with_third_party_cookies_allowed(playwright, lab, tmp_path):
    context = popup_blocker.context_allowing_third_party(playwright, tmp_path / "profile")
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(15_000)
        run = run_and_record(page, context, lab, "third-party-allowed")
        model = model_matrix(page, "allowed")
        surprises = page.locator(SURPRISE).count()
        result_headline = headline(page)
        expected = expected_headline(page, model)
        assert_walk_left_no_trace(page, lab, run.window, run.urls)
        assert_bff_kept_its_tokens(run, lab)
        leftovers = credential_cookies_left(context)
    finally:
        context.close()
    result, cookies = run.result, run.cookies
    cross_site = lab.cross_site.rstrip("/")

    assert observed_matrix(result) == model
    assert result["thirdPartyCookies"] == "allowed"
    assert surprises == 0
    assert result_headline.startswith(expected)
    assert_reasons_name_the_rule(result)
    # With third-party cookies allowed, what still refuses Lax and Strict is SameSite itself,
    # for the cookie JWT's CSRF cookie as for the session's.
    assert_csrf_refused_for_both_cookie_modes(cookies, cross_site, "lax", SAMESITE_LAX_REASONS)
    assert_csrf_refused_for_both_cookie_modes(
        cookies, cross_site, "strict", SAMESITE_STRICT_REASONS
    )
    assert cookies.csrf_cookie_refusals(cross_site, "none") == set()
    assert cookies.csrf_cookie_refusals(cross_site, "partitioned") == set()
    sent = cookies.session_cookies_sent(cross_site, "/api/auth/me/")
    assert {bool(cookie.get("partitionKey")) for cookie in sent} == {True, False}
    # SameSite=None and Partitioned both carried the cookie JWT across sites.
    assert assert_cookie_jwt_rode_its_cookies(cookies, cross_site) == {True, False}
    assert leftovers == []
    assert csp_violations_in(run.csp_reports) == []


def test_the_page_marks_a_result_the_model_did_not_expect(page, lab):
    """The marker the matrix tests look for appears where a cell departs from the model."""
    LabPage(page, lab).open(lab.cross_site)
    page.evaluate(
        """async () => {
          const load = (path) => import(new URL(path, document.baseURI).href);
          const { matrixTable } = await load("./scripts/components/matrix_table.js");
          const { judgeCells } = await load("./scripts/logic/matrix_export.js");
          const { detectEngine } = await load("./scripts/logic/engine.js");
          const engine = detectEngine(navigator.userAgent);
          const cell = (cookiePolicy, mode, outcome, failedStep) => ({
            topology: "cross-site", cookiePolicy, mode, outcome, failedStep, reason: "r" });
          const cells = [
            cell("none", "session", "fail", "csrf-cookie"),  // as the model says
            cell("lax", "jwt", "fail", "bearer"),  // the model says pass
            cell("strict", "session", "fail", "login"),  // fails, but not where the model says
            cell("lax", "cookie-jwt", "pass", null),  // the model says it fails like a session
            cell("lax", "bff", "fail", "bff-cookie"),  // the model says the BFF always passes
          ];
          document.querySelector("[data-field=matrix-table]")
            .replaceChildren(matrixTable(judgeCells(cells, { engine, scheme: "http",
              witness: { thirdPartyCookies: "blocked" } }), engine));
        }"""
    )
    expect(page.locator(SURPRISE)).to_have_count(4)
    jwt = page.locator("td[data-cell='cross-site/lax/jwt']")
    expect(jwt).to_have_class("cell-fail surprise")
    expect(jwt).to_contain_text("Unexpected: the model says pass.")
    expect(page.locator("td[data-cell='cross-site/strict/session']")).to_contain_text(
        "Unexpected: the model says fail at CSRF cookie refused."
    )
    expect(page.locator("td[data-cell='cross-site/lax/cookie-jwt']")).to_contain_text(
        "Unexpected: the model says fail at CSRF cookie refused."
    )
    expect(page.locator("td[data-cell='cross-site/lax/bff']")).to_contain_text(
        "Unexpected: the model says pass."
    )
    expect(page.locator("td[data-cell='cross-site/none/session']")).not_to_have_class("surprise")
