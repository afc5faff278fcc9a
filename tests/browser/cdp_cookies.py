"""Chromium's own account of each cookie it refused or sent, read through the DevTools protocol.

`Network.responseReceivedExtraInfo` lists the Set-Cookie lines a response carried that the
browser refused to store (with reasons such as SameSiteLax or UserPreferences), and
`Network.requestWillBeSentExtraInfo` lists the cookies a request carried (with partition keys).
"""

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import BrowserContext, Page

# Reasons Chromium gives for refusing a cookie because of its SameSite attribute...
SAMESITE_LAX_REASONS = {"SameSiteLax", "SchemefulSameSiteLax"}
SAMESITE_STRICT_REASONS = {"SameSiteStrict", "SchemefulSameSiteStrict"}
# ...and because the user (or the browser's default) blocks third-party cookies.
THIRD_PARTY_BLOCKED_REASONS = {
    "UserPreferences",
    "ThirdPartyPhaseout",
    "ThirdPartyBlockedInFirstPartySet",
}


class CookieEvents:
    def __init__(self, context: BrowserContext, page: Page):
        self._requests: dict[str, dict] = {}
        self._refused: dict[str, list] = {}
        self._sent: dict[str, list] = {}
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._on_request)
        cdp.on("Network.responseReceivedExtraInfo", self._on_response_extra)
        cdp.on("Network.requestWillBeSentExtraInfo", self._on_request_extra)
        cdp.send("Network.enable")
        self._cdp = cdp

    def _on_request(self, event):
        self._requests.setdefault(event["requestId"], event)

    def _on_response_extra(self, event):
        self._refused.setdefault(event["requestId"], []).extend(event.get("blockedCookies", []))

    def _on_request_extra(self, event):
        self._sent.setdefault(event["requestId"], []).extend(event.get("associatedCookies", []))

    def _requests_from(self, page_origin: str, path: str):
        for request_id, event in self._requests.items():
            url = urlsplit(event["request"]["url"])
            if event.get("documentURL", "").startswith(page_origin) and url.path == path:
                yield request_id, url

    def csrf_cookie_refusals(self, page_origin: str, cookie_policy: str) -> set[str]:
        """Why the csrftoken set by `?cookie_policy=P` fetched from `page_origin` was refused."""
        reasons: set[str] = set()
        for request_id, url in self._requests_from(page_origin, "/api/auth/session/csrf/"):
            if parse_qs(url.query).get("cookie_policy") != [cookie_policy]:
                continue
            for refused in self._refused.get(request_id, []):
                if refused.get("cookie", {}).get("name") == "csrftoken" or (
                    refused.get("cookieLine", "").startswith("csrftoken=")
                ):
                    reasons.update(refused["blockedReasons"])
        return reasons

    def csrf_fetches(self, page_origin: str, cookie_policy: str) -> int:
        return sum(
            parse_qs(url.query).get("cookie_policy") == [cookie_policy]
            for _, url in self._requests_from(page_origin, "/api/auth/session/csrf/")
        )

    def session_cookies_sent(self, page_origin: str, path: str) -> list[dict]:
        """The sessionid cookies Chromium actually attached to requests for `path`."""
        return [
            associated["cookie"]
            for request_id, _ in self._requests_from(page_origin, path)
            for associated in self._sent.get(request_id, [])
            if associated["cookie"]["name"] == "sessionid" and not associated["blockedReasons"]
        ]
