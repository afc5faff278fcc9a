"""The lab page as a person uses it: open a topology, sign in, write notes, run the matrix."""

import json

from playwright.sync_api import Page, expect

from tests.browser.servers import Lab

MATRIX_TIMEOUT_MS = 60_000


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
        if mode == "session":
            self.page.select_option("#cookie-policy", cookie_policy)
        else:
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

    def run_matrix(self) -> dict:
        """Start the matrix here; wait until the tab has visited every topology and come back."""
        self.page.fill("#password", self.lab.password)
        self.page.click("button[data-action=run-matrix]")
        self.page.wait_for_selector("#matrix-panel[data-state=finished]", timeout=MATRIX_TIMEOUT_MS)
        expect(self.page.locator("#matrix-json")).not_to_be_empty()
        return json.loads(self.page.text_content("#matrix-json"))
