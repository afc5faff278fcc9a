"""What the BFF let a page see: every answer from a `/bff/` address that reached any page of a
browser context (body and headers), and what a page's own script can read. The BFF's promise
is that no token ever reaches the browser; a JWT is recognisable by its shape."""

import base64
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Error, Page

# A JWT's base64url JSON header always starts with `eyJ` ('{"'), then two more dotted parts.
JWT_SHAPE = re.compile(r"eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{4,}")
BFF_PREFIX = "/bff/"
PAUSED = "*/bff/*"  # DevTools' URL pattern; the path is checked again on each answer

# Everything a script on the page can read without the network.
JS_VISIBLE = """() => ({
  cookie: document.cookie,
  localStorage: JSON.stringify({ ...localStorage }),
  sessionStorage: JSON.stringify({ ...sessionStorage }),
})"""
# tokens_visible_to_script() of a page that holds none.
NO_TOKENS = {"cookie": [], "localStorage": [], "sessionStorage": []}


@dataclass
class BffAnswer:
    url: str
    status: int
    headers: dict[str, str]
    body: str | None  # None: the browser could not give it


class BffAnswers:
    """Every answer from a /bff/ address to the pages of `context` and the windows given to
    watch(), body included.

    Each answer is held at the DevTools protocol's Response stage (`Fetch.requestPaused`) until
    its body is read, then let through unchanged: a window that moves on to the next page
    right after its last call cannot take a body away unread.
    """

    def __init__(self, context: BrowserContext):
        self.answers: list[BffAnswer] = []
        self.errors: list[str] = []
        for page in context.pages:
            self.watch(page)

    def watch(self, page: Page) -> None:
        """Hold `page`'s /bff/ answers from now on. Call it for a window before that window
        runs anything: a `context.on("page")` handler may attach only after the window's
        first page has made its calls (it did: that page's answers went missing)."""
        cdp = page.context.new_cdp_session(page)
        cdp.on("Fetch.requestPaused", lambda event: self._on_paused(cdp, event))
        cdp.send("Fetch.enable", {"patterns": [{"urlPattern": PAUSED, "requestStage": "Response"}]})

    def _on_paused(self, cdp, event: dict) -> None:
        request_id = event["requestId"]
        try:
            answer = cdp.send("Fetch.getResponseBody", {"requestId": request_id})
            raw = answer["body"]
            body = base64.b64decode(raw).decode() if answer["base64Encoded"] else raw
        except Error:
            body = None
        url = event["request"]["url"]
        if urlsplit(url).path.startswith(BFF_PREFIX):
            headers = {h["name"].lower(): h["value"] for h in event.get("responseHeaders", [])}
            self.answers.append(BffAnswer(url, event.get("responseStatusCode"), headers, body))
        try:
            cdp.send("Fetch.continueResponse", {"requestId": request_id})
        except Error as error:  # the page went away meanwhile: nothing left to let through
            self.errors.append(f"{url}: {error.message}")

    def tokens(self) -> list[str]:
        """JWT-shaped strings in any body or header the BFF sent to the browser."""
        found = []
        for answer in self.answers:
            for text in [answer.body or "", *answer.headers.values()]:
                found += JWT_SHAPE.findall(text)
        return found


def tokens_visible_to_script(page: Page) -> dict[str, list[str]]:
    """JWT-shaped strings in document.cookie, localStorage and sessionStorage of `page`."""
    visible = page.evaluate(JS_VISIBLE)
    return {where: JWT_SHAPE.findall(text) for where, text in visible.items()}


def script_visible_cookies(page: Page) -> set[str]:
    """The names of the cookies a script on `page` can read."""
    raw = page.evaluate("document.cookie")
    return {part.split("=", 1)[0].strip() for part in raw.split(";") if part.strip()}
