"""Runs the attacker's script in a lab page as a person would: the page's "Run the attacker's
script here" control, which loads the site's own scripts/xss_payload.js as a module under the
page's unchanged CSP. Every CSP report the page makes meanwhile is kept for the test."""

import re

from playwright.sync_api import Page, expect

from tests.browser.csp_watch import watch_csp

PAYLOAD_FILE = "xss_payload.js"


def run_payload(page: Page) -> list[str]:
    """Press the XSS demo control in the lab page open in `page` (signed in already); return
    once the script navigated to the collector, with the page's CSP reports."""
    violations = watch_csp(page)
    panel = page.locator("#xss-panel")
    with page.expect_navigation(url=re.compile(r"/collect\?"), timeout=15_000):
        panel.get_by_role("button", name="Run the attacker's script here").click()
    # The payload loaded under the strict CSP: none of the reports concerns its own file.
    assert not [text for text in violations if PAYLOAD_FILE in text], violations
    return violations


def expect_explained_control(page: Page, collector: str) -> None:
    """The control says what it is, where the loot goes, and why the CSP lets it run."""
    panel = page.locator("#xss-panel")
    expect(panel.get_by_role("heading")).to_have_text("Attacker's script (XSS demo)")
    expect(panel.locator("[data-field=collector]")).to_have_text(collector)
    explanation = panel.locator("[data-field=xss-explanation]")
    for words in ("arrive through a bug", "usually stops", "the site's own file",
                  "top-level navigation"):  # fmt: skip
        expect(explanation).to_contain_text(words)
