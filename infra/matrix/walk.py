"""A person's run of the live matrix, for engines driven from Python (Chromium, WebKit).

The page starts a run only on a trusted click, opens one window for the other topologies'
pages in turn, and each of those runs its cells only after a trusted click on its own button
(web_client/scripts/matrix_conductor.js, matrix_helper.js). The walk types the password,
presses Run the matrix, presses the button in the window each time it is armed on a new
origin, and waits for the page to publish its export (window.labMatrix, the object the
Download JSON button saves). firefox_walk.mjs is the same walk in puppeteer.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

# Bounds of one run: the page itself gives a window 15 s to answer (matrix_window.js); the 144
# cells take about a minute on this loaded machine.
DEFAULT_TIMEOUT_S = 240.0
POLL_S = 0.25

READY = "body[data-ready=true]"
PASSWORD = "#password"
USERNAME = "#username"
RUN_BUTTON = "#matrix-panel button[data-action=run-matrix]"
# The panel's state (matrix_panel.js: idle | waiting | armed | running | done | finished |
# failed), its status line and the page's address, read in one call.
PANEL = """(() => {
  const panel = document.querySelector("#matrix-panel");
  const status = panel && panel.querySelector("[data-field=matrix-status]");
  return { url: location.href, state: (panel && panel.dataset.state) || "",
           status: (status && status.textContent) || "" };
})()"""
# The export: the same object the Download JSON button serialises (matrix_panel.js finish()).
EXPORT = "window.labMatrix || null"


class WalkFailed(RuntimeError):
    """The page stopped the run, or it did not finish in time; the message says which."""


@dataclass(frozen=True)
class Panel:
    url: str
    state: str
    status: str

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


class Driver(Protocol):
    """What the walk needs from an engine's driver."""

    def open(self, url: str) -> None:
        """Load `url` in the main window and wait for READY."""

    def sign_in_fields(self, username: str, password: str) -> None: ...

    def start(self) -> None:
        """Click RUN_BUTTON in the main window (a trusted click) and find the window it opens."""

    def main_panel(self) -> dict: ...

    def helper_panel(self) -> dict | None:
        """PANEL in the run's window, None once it is closed (or between two pages)."""

    def click_helper(self) -> None: ...

    def export(self) -> dict | None: ...


def walk(driver: Driver, page_url: str, username: str, password: str, *,
         timeout: float = DEFAULT_TIMEOUT_S,
         progress: Callable[[str], None] = print) -> dict:  # fmt: skip
    """Run the matrix from `page_url` and return the page's export."""
    driver.open(page_url)
    driver.sign_in_fields(username, password)
    driver.start()
    progress(f"pressed Run the matrix on {page_url}")
    pressed: set[str] = set()
    last_status = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        main = Panel(**driver.main_panel())
        if main.state == "finished":
            exported = driver.export()
            if exported is None:
                raise WalkFailed("the page finished but published no export (window.labMatrix)")
            return exported
        if main.state == "failed":
            raise WalkFailed(f"the page stopped the run: {main.status}")
        if main.status != last_status:
            progress(main.status)
            last_status = main.status
        helper = driver.helper_panel()
        if helper is not None:
            window = Panel(**helper)
            if window.state == "armed" and window.origin not in pressed:
                driver.click_helper()
                pressed.add(window.origin)
                progress(f"pressed the run button in the window on {window.origin}")
        time.sleep(POLL_S)
    raise WalkFailed(f"the run did not finish within {timeout:g} s; the page said: {last_status!r}")
