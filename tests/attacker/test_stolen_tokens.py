"""XSS token theft and its blast radius: the attacker's script runs in the lab page (its "Run
the attacker's script here" control loads a fixed file from the page's own origin, under its CSP),
sends what it found to the collector by a top-level navigation, and the attacker uses it from
attacker.localhost: from its server (CORS binds browsers only) and from its page (CORS stops it).
A stolen localStorage refresh token outlives the victim's tab until reuse detection ends the
whole sign-in; a memory-only token is gone after a reload."""

import pytest
from playwright.sync_api import expect

from tests.attacker.payload import expect_explained_control, run_payload
from tests.attacker.verdict_rows import newest_loot
from tests.browser.lab_page import LabPage
from tests.browser.servers import get
from web_client.site_config import CROSS_SITE

pytestmark = pytest.mark.browser
REFRESH = """async ([api]) => {
  const pair = JSON.parse(localStorage.getItem("lab.jwt"));
  const answer = await fetch(`${api}/api/auth/jwt/refresh/`, { method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ refresh: pair.refresh }) });
  return [answer.status, (await answer.json()).code ?? null];
}"""


def test_localstorage_pair_is_stolen_replayed_and_refresh_reuse_ends_it(
    context, victim_page, attacker, site, lab
):
    lab_page = LabPage(victim_page, lab).open(lab.cross_site)
    lab_page.sign_in(mode="jwt", storage="local")
    expect(lab_page.status).to_contain_text("Signed in as alice (jwt)")
    expect_explained_control(victim_page, f"{lab.attacker}collect")
    policy = get(lab.web_port, "/", "app.localhost").headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe" not in policy  # strict, as ever
    reports = run_payload(victim_page)
    expect(victim_page.locator("h1")).to_contain_text("collected entry")
    # The browser's own reports: the quiet channels were refused on their way to the collector.
    assert [text for text in reports if "connect-src" in text and lab.attacker in text], reports

    attacker.open()
    stolen = newest_loot(attacker.page)
    expect(stolen).to_contain_text("access eyJ")
    expect(stolen).to_contain_text("refresh eyJ")
    expect(stolen).to_contain_text("lab.jwt")  # what localStorage held
    expect(stolen).to_contain_text("HttpOnly")  # no cookie readable on the cross-site page
    # The quiet channels, each refused by the lab's CSP (in the payload's own words).
    for refusal in ("connect-src refused the fetch/beacon", "img-src refused the image",
                    "form-action refused the form post"):  # fmt: skip
        expect(stolen).to_contain_text(refusal)
    # ...and none of them reached the collector: the navigation's entry is the only one.
    expect(attacker.page.locator("#loot-list")).not_to_contain_text("source: quiet-channel")

    # From the attacker's server: the stolen access token is alice, CORS notwithstanding.
    stolen.get_by_role("button", name="Use the access token (from this server)").click()
    expect(newest_loot(attacker.page)).to_contain_text("use-access: /me 200 (alice)")
    # From the attacker's page: the Authorization header needs a preflight the API refuses.
    newest_loot(attacker.page).get_by_role("button", name="Use it from this browser").click()
    row = attacker.page.locator("#verdicts tr[data-attack=bearer-fetch]")
    expect(row).to_have_attribute("data-stopped-by", "CORS")
    expect(row).to_have_attribute("data-outcome", "refused")

    # The victim closes the tab; the stolen refresh token still works for the attacker.
    victim_page.close()
    newest_loot(attacker.page).get_by_role("button", name="Refresh with it").click()
    expect(attacker.page.locator("#loot-list")).to_contain_text("refresh: 200")
    minted = newest_loot(attacker.page)
    expect(minted).to_contain_text("attacker's own refresh")

    # The victim comes back: its next refresh is a reuse, which ends the whole sign-in...
    back = context.new_page()
    LabPage(back, lab).open(lab.cross_site)
    assert back.evaluate(REFRESH, [site.api_origins[CROSS_SITE]]) == [401, "refresh_reused"]
    # ...the attacker's copy included.
    minted.get_by_role("button", name="Refresh with it").click()
    expect(newest_loot(attacker.page)).to_contain_text("refresh: 401 refresh_reused")
    # The collector kept the tokens in memory only: the site's log never saw one.
    assert "eyJ" not in lab.attacker_log.read_text()


def test_memory_only_token_is_sniffed_while_open_and_gone_after_reload(
    context, victim_page, attacker, lab
):
    lab_page = LabPage(victim_page, lab).open(lab.cross_site)
    lab_page.sign_in(mode="jwt", storage="memory")
    expect(lab_page.status).to_contain_text("Signed in as alice (jwt)")
    run_payload(victim_page)

    attacker.open()
    stolen = newest_loot(attacker.page)
    expect(stolen).to_contain_text("copied from the page's own request")
    expect(stolen).not_to_contain_text("refresh eyJ")  # the refresh token never left the page
    stolen.get_by_role("button", name="Use the access token (from this server)").click()
    expect(newest_loot(attacker.page)).to_contain_text("use-access: /me 200 (alice)")

    # The payload's navigation was the tab leaving the page: back on the lab, nothing is left.
    lab_page.open(lab.cross_site)
    expect(lab_page.status).to_have_text("Not signed in.")
    assert victim_page.evaluate("() => localStorage.getItem('lab.jwt')") is None


def test_httponly_session_cookie_is_ridden_while_open_never_read(
    context, victim_page, attacker, lab
):
    lab_page = LabPage(victim_page, lab).open(lab.same_origin)
    lab_page.sign_in(mode="session", cookie_policy="lax")
    expect(lab_page.status).to_contain_text("Signed in as alice")
    expect_explained_control(victim_page, f"{lab.attacker}collect")
    run_payload(victim_page)

    stolen = newest_loot(attacker.open().page)
    expect(stolen).to_contain_text("no token")
    expect(stolen).to_contain_text("rideable while the page is open")
    expect(stolen).to_contain_text("-> 200")
    expect(stolen).to_contain_text("csrftoken=")  # the one cookie same-origin script may read
    expect(stolen).not_to_contain_text("sessionid")  # HttpOnly
