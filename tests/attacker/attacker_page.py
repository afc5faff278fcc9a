"""The Attacks page as a person uses it: say who the victim is, press a button, read verdicts."""

import json

from playwright.sync_api import Page

RUN_TIMEOUT_MS = 60_000


class AttackerPage:
    def __init__(self, page: Page, url: str):
        self.page = page
        self.url = url
        # Chromium's own log: its framing refusals are log entries, not console API calls.
        self.console: list[str] = []
        cdp = page.context.new_cdp_session(page)
        cdp.on("Log.entryAdded", lambda event: self.console.append(event["entry"]["text"]))
        cdp.send("Log.enable")

    def open(self) -> "AttackerPage":
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-ready=true]")
        return self

    def run(self, family: str, *, mode: str, topology: str, policy: str = "") -> list[dict]:
        """Run every attack of `family` ("csrf", "login-csrf") against the stated victim."""
        self.page.select_option("#mode", mode)
        self.page.select_option("#topology", topology)
        self.page.select_option("#policy", policy)
        runs = int(self.page.get_attribute("body", "data-runs") or 0)
        action = "run-csrf" if family == "csrf" else "run-login"
        self.page.click(f"button[data-action={action}]")
        self.page.wait_for_selector(f"body[data-runs='{runs + 1}']", timeout=RUN_TIMEOUT_MS)
        verdicts = json.loads(self.page.text_content("#verdicts-json") or "[]")
        return [v for v in verdicts if v["family"] == family and v["mode"] == mode]

    def frame_the_lab(self) -> list[dict]:
        self.page.click("button[data-action=frame]")
        self.page.wait_for_selector("body[data-framed=true]")
        rows = self.page.locator("#frame-verdicts tbody tr")
        return [
            {
                "target": row.get_attribute("data-target"),
                "refused": row.get_attribute("data-refused") == "true",
                "stopped_by": row.locator("td.layers").text_content(),
            }
            for row in rows.all()
        ]
