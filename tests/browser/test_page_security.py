"""The page's own defences: a strict Content-Security-Policy that the browser enforces, and an
opener policy that lets the matrix run keep its window and nobody else keep the page."""

import pytest

from tests.browser.lab_page import HELPER_PARAM, LabPage

pytestmark = pytest.mark.browser

FETCH = """(url) => fetch(url).then((r) => r.json()).then(() => "read", () => "blocked")"""


def topology_url(lab, topology: str) -> str:
    return {"cross-site": lab.cross_site, "same-site": lab.same_site,
            "same-origin": lab.same_origin}[topology]  # fmt: skip


@pytest.mark.parametrize("topology", ["cross-site", "same-site", "same-origin"])
def test_every_topology_serves_the_page_with_a_strict_csp(page, lab, csp_violations, topology):
    response = page.goto(topology_url(lab, topology))
    page.wait_for_selector("body[data-ready=true]")
    headers = response.headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert "referrer-policy" in headers
    # Keeps handles to the windows it opens; an opener on another origin gets none.
    assert headers["cross-origin-opener-policy"] == "same-origin-allow-popups"
    assert page.locator("#topology-banner").get_attribute("data-topology") == topology
    assert csp_violations == []


@pytest.mark.parametrize("topology", ["cross-site", "same-site", "same-origin"])
def test_only_a_matrix_window_keeps_its_opener(page, lab, topology):
    opener = "same-site" if topology == "cross-site" else "cross-site"
    response = page.goto(f"{topology_url(lab, topology)}?{HELPER_PARAM}={opener}")
    assert response.headers["cross-origin-opener-policy"] == "unsafe-none"
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_the_browser_blocks_inline_script(page, lab, csp_violations):
    LabPage(page, lab).open(lab.cross_site)
    injected = page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
          return window.injected === true;
        }"""
    )
    assert injected is False
    wait_for_report(page, csp_violations, "script-src")


def test_the_csp_stops_a_fetch_that_would_otherwise_reach_another_site(
    page, lab, csp_violations, other_site
):
    # Without the lab's CSP, a page of another origin fetches the collector and reads its answer.
    page.goto(other_site.url("/", host="plain.localhost"))
    assert page.evaluate(FETCH, other_site.url("/collect?from=plain-page")) == "read"
    assert "/collect?from=plain-page" in other_site.requests

    LabPage(page, lab).open(lab.cross_site)
    assert page.evaluate(FETCH, other_site.url("/collect?from=lab-page")) == "blocked"
    report = wait_for_report(page, csp_violations, "connect-src")
    assert other_site.url("/collect") in report
    # Refused before it left the browser: the server never saw it.
    assert "/collect?from=lab-page" not in other_site.requests


def wait_for_report(page, violations: list[str], directive: str, timeout_ms: int = 3000) -> str:
    """Violation reports reach the console asynchronously; wait for the one naming `directive`."""
    for _ in range(timeout_ms // 50):
        report = next((text for text in violations if directive in text), None)
        if report:
            return report
        page.wait_for_timeout(50)
    raise AssertionError(f"no CSP report for {directive}; saw {violations}")
