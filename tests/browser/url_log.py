"""Every address a browser context visits, to prove that none of them carries a secret."""

import base64
import binascii
from urllib.parse import parse_qsl, unquote, urlsplit

from playwright.sync_api import BrowserContext, Page


class UrlLog:
    """Requests of every page and window (navigations included) and every address-bar change.

    A request never shows a fragment, so each page's frame navigations are logged as well: those
    include fragments and same-document changes (history.replaceState).
    """

    def __init__(self, context: BrowserContext):
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("page", self._watch)
        for page in context.pages:
            self._watch(page)

    def _watch(self, page: Page) -> None:
        self.urls.append(page.url)
        page.on("framenavigated", lambda frame: self.urls.append(frame.url))

    def carrying(self, secret: str) -> list[str]:
        return [url for url in self.urls if carries_secret(url, secret)]


def carries_secret(url: str, secret: str) -> bool:
    """True when `secret` is in `url` as text, percent-encoded, or base64(url)-encoded in a part."""
    parts = urlsplit(url)
    values = [unquote(url), *parts.path.split("/"), parts.query, parts.fragment]
    for query in (parts.query, parts.fragment):
        values += [value for _, value in parse_qsl(query, keep_blank_values=True)]
    return any(secret in text for value in values for text in (value, *_base64_texts(value)))


def _base64_texts(value: str) -> list[str]:
    padded = value + "=" * (-len(value) % 4)
    texts = []
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            texts.append(decode(padded).decode("utf-8", errors="replace"))
        except (binascii.Error, ValueError):
            continue
    return texts
