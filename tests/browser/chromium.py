"""How the suite starts the system Chromium, with third-party cookies blocked or allowed."""

import json
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}

# This Chromium blocks third-party cookies by default (as Safari and Firefox do). A profile
# whose preferences say otherwise is the only switch that turns them back on; flags do not.
ALLOW_THIRD_PARTY_COOKIES = {
    "profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}
}


def launch_blocking_third_party(playwright: Playwright) -> Browser:
    """A browser whose fresh contexts block third-party cookies (this build's default)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)


def allowing_third_party_context(playwright: Playwright, profile_dir: Path) -> BrowserContext:
    """A persistent context on a new profile that allows third-party cookies."""
    (profile_dir / "Default").mkdir(parents=True, exist_ok=True)
    (profile_dir / "Default" / "Preferences").write_text(json.dumps(ALLOW_THIRD_PARTY_COOKIES))
    return playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=CHROMIUM, args=ARGS, headless=True, viewport=VIEWPORT
    )
