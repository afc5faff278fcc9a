"""Clickjacking: the Attacks page frames the lab's three pages and the API; Chromium refuses
each, and the verdict names the header that made it (CSP frame-ancestors where sent, else
X-Frame-Options), as Chromium's own console message does."""

import time

import pytest

pytestmark = pytest.mark.browser
ERROR_PAGE = "chrome-error://chromewebdata/"
EXPECTED = {
    "lab page, cross-site": "CSP frame-ancestors 'none'",
    "lab page, same-site": "CSP frame-ancestors 'none'",
    "lab page, same-origin (/app/)": (
        "CSP frame-ancestors 'none'; X-Frame-Options: DENY is also sent, and ignored"
    ),
    "API docs (/api/docs/)": "X-Frame-Options: DENY",
    "API (/api/auth/me/)": "X-Frame-Options: DENY",
}


def wait_for(page, condition, timeout_s=10.0):
    """Poll `condition`, letting Playwright deliver the page's events between polls."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(50)


def test_every_lab_page_and_the_api_refuse_to_be_framed(context, attacker):
    verdicts = attacker.open().frame_the_lab()
    assert {v["target"]: (v["refused"], v["stopped_by"]) for v in verdicts} == {
        target: (True, header) for target, header in EXPECTED.items()
    }
    # What Chromium did: every framed target became its error page, and it said why.
    framed = lambda: [f for f in attacker.page.frames if f != attacker.page.main_frame]  # noqa: E731
    wait_for(
        attacker.page, lambda: len(framed()) == 5 and all(f.url == ERROR_PAGE for f in framed())
    )
    # Chromium names frame-ancestors in its log; an X-Frame-Options refusal leaves the error
    # page alone (it is reported as a DevTools issue, not a log entry).
    refusals = lambda: [m for m in attacker.console if "frame-ancestors 'none'" in m]  # noqa: E731
    wait_for(attacker.page, lambda: len(refusals()) == 3)
