"""The lab page as a person uses it: open a topology, sign in, write notes, run the matrix."""

import json
import re

from playwright.sync_api import Page, expect

from tests.browser.servers import Lab

MATRIX_TIMEOUT_MS = 60_000
# The query parameter that marks a page opened as a run's window (logic/matrix_messages.js).
HELPER_PARAM = "matrix-helper"


class LabPage:
    def __init__(self, page: Page, lab: Lab):
        self.page = page
        self.lab = lab

    def open(self, url: str) -> "LabPage":
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready=true]")
        return self

    def reload(self) -> "LabPage":
        self.page.reload()
        self.page.wait_for_selector("body[data-ready=true]")
        return self

    @property
    def status(self):
        return self.page.locator("#auth-status")

    def choose_mode(self, mode: str) -> None:
        self.page.check(f"input[name=mode][value={mode}]")

    def sign_in(self, *, mode="session", cookie_policy="lax", storage="local", username="alice"):
        self.choose_mode(mode)
        if mode in ("session", "cookie-jwt"):
            self.page.select_option("#cookie-policy", cookie_policy)
        elif mode == "jwt":
            self.page.select_option("#token-storage", storage)
        self.page.select_option("#username", username)
        self.page.fill("#password", self.lab.password)
        self.page.click("button[data-action=login]")

    def sign_out(self) -> None:
        self.page.click("button[data-action=logout]")

    def add_note(self, title: str, text: str) -> None:
        self.page.fill("#notes-panel input[name=title]", title)
        self.page.fill("#notes-panel textarea[name=text]", text)
        self.page.click("#notes-panel button[type=submit]")

    def note_titles(self):
        return self.page.locator("#notes-panel .note-item strong")

    def delete_note(self, title: str) -> None:
        self.page.click(f"#notes-panel button[aria-label='Delete note {title}']")

    def stored_tokens(self) -> dict | None:
        raw = self.page.evaluate("localStorage.getItem('lab.jwt')")
        return json.loads(raw) if raw else None

    def latest_exchange(self):
        return self.page.locator("#inspector .exchange").first

    def exchange(self, label: str):
        """The latest inspector entry whose label starts with `label`."""
        return self.page.locator(
            "#inspector .exchange", has=self.page.locator(f"header strong:text-matches('^{label}')")
        ).first

    @property
    def matrix_status(self):
        return self.page.locator("#matrix-panel [data-field=matrix-status]")

    def start_matrix(self) -> Page:
        """Type the password and press Run the matrix; returns the window the run opens."""
        self.page.fill("#password", self.lab.password)
        with self.page.expect_popup() as window:
            self.page.click("button[data-action=run-matrix]")
        return window.value

    def run_in_window(self, window: Page, topology_url: str) -> None:
        """Wait until the run's window shows `topology_url`'s page, then press its button."""
        window.wait_for_url(lambda url: url.startswith(f"{topology_url}?{HELPER_PARAM}="))
        window.wait_for_selector("#matrix-panel[data-state=armed]")
        window.get_by_role("button", name=re.compile(r"^Run the .* cells$")).click()

    def run_matrix(self, windows: list[Page] | None = None, on_window=None) -> dict:
        """Run the whole matrix from here, pressing the button in the window on each other page.

        The window is appended to `windows` (for the caller to watch or screenshot), and given
        to `on_window` before anything runs in it (the run waits for a click there).
        """
        window = self.start_matrix()
        if windows is not None:
            windows.append(window)
        if on_window is not None:
            on_window(window)
        for url in self.lab.topology_urls():
            if not self.page.url.startswith(url):
                self.run_in_window(window, url)
        self.page.wait_for_selector("#matrix-panel[data-state=finished]", timeout=MATRIX_TIMEOUT_MS)
        expect(self.page.locator("#matrix-json")).not_to_be_empty()
        return json.loads(self.page.text_content("#matrix-json"))
