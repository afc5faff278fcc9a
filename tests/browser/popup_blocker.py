"""Chromium as a person runs it: with its popup blocker on.

Playwright starts Chromium with --disable-popup-blocking. The matrix run opens a window, which a
person's Chromium allows only inside a click (measured here: window.open 2 s after a click opens,
6 s after returns null, and so does a second open in the same click). With the blocker off, a
run that opened its window too late would pass in the suite and fail for everyone.
"""

import json
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Playwright

from tests.browser.chromium import ALLOW_THIRD_PARTY_COOKIES, ARGS, CHROMIUM, VIEWPORT

KEEP_POPUP_BLOCKER = ["--disable-popup-blocking"]


def launch(playwright: Playwright) -> Browser:
    """Fresh contexts of this browser block third-party cookies (this build's default)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=ARGS, headless=True, ignore_default_args=KEEP_POPUP_BLOCKER
    )


def context_allowing_third_party(playwright: Playwright, profile_dir: Path) -> BrowserContext:
    """A persistent context on a new profile that allows third-party cookies."""
    (profile_dir / "Default").mkdir(parents=True, exist_ok=True)
    (profile_dir / "Default" / "Preferences").write_text(json.dumps(ALLOW_THIRD_PARTY_COOKIES))
    return playwright.chromium.launch_persistent_context(
        str(profile_dir),
        executable_path=CHROMIUM,
        args=ARGS,
        headless=True,
        viewport=VIEWPORT,
        ignore_default_args=KEEP_POPUP_BLOCKER,
    )
