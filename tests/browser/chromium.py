"""How the suite starts the system Chromium (third-party cookies allowed: popup_blocker.py)."""

from playwright.sync_api import Browser, Playwright

from infra.matrix.chromium import ARGS
from infra.matrix.settings import CHROMIUM_ALLOW_THIRD_PARTY, CHROMIUM_EXECUTABLE

# The launch facts have one home, the engine runner `make matrix` uses (infra/matrix/).
CHROMIUM = CHROMIUM_EXECUTABLE
ALLOW_THIRD_PARTY_COOKIES = {"profile": CHROMIUM_ALLOW_THIRD_PARTY}


def launch_blocking_third_party(playwright: Playwright) -> Browser:
    """A browser whose fresh contexts block third-party cookies (this build's default)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
