"""The "What still works after…" panel as a person uses it, and what the rules predict.

The prediction comes from the page's own module (web_client/scripts/logic/revocation_rules.js,
written from the API contract), evaluated in the page under test: nothing here restates a rule.
"""

from playwright.sync_api import Page, expect

PANEL = "#revocation-panel"
ARMED_TIMEOUT_MS = 15_000

# The rules' end for every lane after an event, computed by the page's own module.
PREDICT_IN_PAGE = """async ({ event, via, accessExp, refreshExp }) => {
  const load = (path) => import(new URL(path, document.baseURI).href);
  const { predictLanes } = await load("./scripts/logic/revocation_rules.js");
  const predictions = predictLanes({ event, via, accessExp, refreshExp });
  return Object.fromEntries(Object.entries(predictions).map(([lane, { end }]) => [lane, end]));
}"""


class TimelinePanel:
    def __init__(self, page: Page, password: str):
        self.page = page
        self.password = password
        self.root = page.locator(PANEL)

    @property
    def status(self):
        return self.root.locator("[data-field=timeline-status]")

    def lane(self, name: str):
        return self.root.locator(f".lane[data-lane={name}]")

    def event_button(self, event: str):
        return self.root.locator(f"button[data-event={event}]")

    def sign_in(self) -> None:
        """Sign in as session + JWT with the form's user and password; wait until armed."""
        self.page.fill("#password", self.password)
        self.root.locator("[data-action=timeline-sign-in]").click()
        expect(self.root).to_have_attribute("data-state", "armed", timeout=ARMED_TIMEOUT_MS)

    def fire(self, event: str, via: str) -> None:
        self.root.locator("select[name=via]").select_option(via)
        self.event_button(event).click()

    def wait_finished(self, timeout_ms: int) -> dict:
        """The finished timeline as the page publishes it (window.labTimeline)."""
        expect(self.root).to_have_attribute("data-state", "finished", timeout=timeout_ms)
        return self.page.evaluate("window.labTimeline")

    def predicted_ends(self, summary: dict) -> dict:
        """lane -> end the rules predict for this timeline's event and tokens."""
        return self.page.evaluate(
            PREDICT_IN_PAGE,
            {
                "event": summary["event"]["event"],
                "via": summary["event"]["via"],
                "accessExp": summary["accessExp"],
                "refreshExp": summary["refreshExp"],
            },
        )
