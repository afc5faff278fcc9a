"""The matrix in the system Chromium through Playwright, its popup blocker kept on (as a person
runs it: Playwright's default --disable-popup-blocking would hide a window opened too late)."""

import json
import os
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from infra.matrix import trust, walk
from infra.matrix.chromium_evidence import SOURCE, CookieWitness
from infra.matrix.settings import CHROMIUM_EXECUTABLE, Setting

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KEEP_POPUP_BLOCKER = ["--disable-popup-blocking"]
VIEWPORT = {"width": 1400, "height": 1000}
STEP_TIMEOUT_MS = 30_000


class ChromiumDriver:
    """walk.Driver over one Playwright page and the window its click opens."""

    def __init__(self, page: Page, witness: CookieWitness):
        self.page = page
        self.window: Page | None = None
        self.witness = witness
        witness.watch(page)

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector(walk.READY)

    def sign_in_fields(self, username: str, password: str) -> None:
        self.page.select_option(walk.USERNAME, username)
        self.page.fill(walk.PASSWORD, password)

    def start(self) -> None:
        with self.page.expect_popup() as popup:
            self.page.click(walk.RUN_BUTTON)
        self.window = popup.value
        self.witness.watch(self.window)

    def main_panel(self) -> dict:
        return self.page.evaluate(walk.PANEL)

    def helper_panel(self) -> dict | None:
        if self.window is None or self.window.is_closed():
            return None
        try:
            return self.window.evaluate(walk.PANEL)
        except Exception:  # the window is between two pages; the next poll sees the new one
            return None

    def click_helper(self) -> None:
        self.window.click(walk.RUN_BUTTON)

    def export(self) -> dict | None:
        return self.page.evaluate(walk.EXPORT)


@contextmanager
def _context(playwright, setting: Setting, home: Path | None):
    launch = {"executable_path": CHROMIUM_EXECUTABLE, "args": ARGS, "headless": True,
              "ignore_default_args": KEEP_POPUP_BLOCKER}  # fmt: skip
    if home is not None:  # https: the HOME whose NSS database trusts the lab's CA
        launch["env"] = {**os.environ, "HOME": str(home)}
    preferences = setting.options["profile"]
    if isinstance(preferences, dict):
        with tempfile.TemporaryDirectory(prefix="lab-matrix-chromium-") as profile:
            (Path(profile) / "Default").mkdir()
            (Path(profile) / "Default" / "Preferences").write_text(
                json.dumps({"profile": preferences})
            )
            context = playwright.chromium.launch_persistent_context(
                profile, viewport=VIEWPORT, **launch
            )
            try:
                yield context
            finally:
                context.close()
    else:
        browser = playwright.chromium.launch(**launch)
        try:
            yield browser.new_context(viewport=VIEWPORT)
        finally:
            browser.close()


def run(setting: Setting, page_url: str, username: str, password: str, *, timeout: float,
        progress, ca_file: Path | None = None) -> tuple[dict, dict]:  # fmt: skip
    """(the page's export, what the engine was) for one run; over https, trusting `ca_file`."""
    with ExitStack() as stack:
        home = None
        if ca_file is not None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="lab-matrix-home-"))
            home = trust.chromium_home(ca_file, Path(folder))
        exported, product, evidence = _walk(setting, page_url, username, password, timeout,
                                            progress, home)  # fmt: skip
    engine = {"name": "Chromium", "version": product.rpartition("/")[2],  # "Chrome/156.0…"
              "executable": CHROMIUM_EXECUTABLE, "driver": "Playwright (CDP)",
              "popupBlocker": "on (Playwright's --disable-popup-blocking not passed)"}  # fmt: skip
    observed = {"engine": engine, "evidence": evidence}
    if ca_file is not None:
        observed["trust"] = f"{ca_file} in the NSS database of the browser's own HOME"
    return exported, observed


def _walk(setting, page_url, username, password, timeout, progress, home):
    with sync_playwright() as playwright, _context(playwright, setting, home) as context:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        # A persistent context has no Browser object to ask; the protocol answers for both.
        product = context.new_cdp_session(page).send("Browser.getVersion")["product"]
        witness = CookieWitness(context)
        exported = walk.walk(ChromiumDriver(page, witness), page_url, username, password,
                             timeout=timeout, progress=progress)  # fmt: skip
        evidence = {"source": SOURCE, "cells": witness.by_cell(exported["topologies"])}
    return exported, product, evidence
