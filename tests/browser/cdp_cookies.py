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

CSRF_PATH = "/api/auth/session/csrf/"
# The login that follows a CSRF fetch tells which cell fetched it (web_client/scripts/api_paths.js).
LOGIN_PATHS = {
    "/api/auth/session/login/": "session",
    "/api/auth/cookie-jwt/login/": "cookie-jwt",
}


class CookieEvents:
    def __init__(self, context: BrowserContext, page: Page):
        self._requests: dict[str, dict] = {}  # in the order they were sent
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

    def _requests_from(self, page_origin: str, path: str | None = None):
        for request_id, event in self._requests.items():
            url = urlsplit(event["request"]["url"])
            if event.get("documentURL", "").startswith(page_origin) and path in (None, url.path):
                yield request_id, url

    def _refusals(self, request_id: str, name: str) -> set[str]:
        reasons: set[str] = set()
        for refused in self._refused.get(request_id, []):
            if refused.get("cookie", {}).get("name") == name or (
                refused.get("cookieLine", "").startswith(f"{name}=")
            ):
                reasons.update(refused["blockedReasons"])
        return reasons

    def csrf_cookie_refusals(self, page_origin: str, cookie_policy: str) -> set[str]:
        """Why the csrftoken set by `?cookie_policy=P` fetched from `page_origin` was refused."""
        reasons: set[str] = set()
        for refusals in self.csrf_refusals_by_mode(page_origin, cookie_policy).values():
            reasons |= refusals
        return reasons

    def csrf_refusals_by_mode(self, page_origin: str, cookie_policy: str) -> dict[str, set[str]]:
        """For each cell that fetched a CSRF cookie of `cookie_policy` (named by the login
        that followed: session or cookie-jwt), why Chromium refused that cookie (empty: kept)."""
        by_mode: dict[str, set[str]] = {}
        ids = list(self._requests)
        for request_id, url in self._requests_from(page_origin, CSRF_PATH):
            if parse_qs(url.query).get("cookie_policy") != [cookie_policy]:
                continue
            mode = self._next_login(page_origin, ids[ids.index(request_id) + 1 :])
            by_mode[mode] = by_mode.get(mode, set()) | self._refusals(request_id, "csrftoken")
        return by_mode

    def _next_login(self, page_origin: str, later_ids: list[str]) -> str | None:
        for request_id in later_ids:
            event = self._requests[request_id]
            if not event.get("documentURL", "").startswith(page_origin):
                continue
            mode = LOGIN_PATHS.get(urlsplit(event["request"]["url"]).path)
            if mode:
                return mode
        return None

    def csrf_fetches(self, page_origin: str, cookie_policy: str) -> int:
        return sum(
            parse_qs(url.query).get("cookie_policy") == [cookie_policy]
            for _, url in self._requests_from(page_origin, CSRF_PATH)
        )

    def cookies_sent(self, page_origin: str, path: str, name: str) -> list[dict]:
        """The cookies called `name` Chromium actually attached to requests for `path`."""
        return [
            associated["cookie"]
            for request_id, _ in self._requests_from(page_origin, path)
            for associated in self._sent.get(request_id, [])
            if associated["cookie"]["name"] == name and not associated["blockedReasons"]
        ]

    def session_cookies_sent(self, page_origin: str, path: str) -> list[dict]:
        """The sessionid cookies Chromium actually attached to requests for `path`."""
        return self.cookies_sent(page_origin, path, "sessionid")

    def refusals_on(self, page_origin: str, path: str, name: str) -> set[str]:
        """Why Chromium refused a `name` cookie set by any answer for `path` (empty: none)."""
        reasons: set[str] = set()
        for request_id, _ in self._requests_from(page_origin, path):
            reasons |= self._refusals(request_id, name)
        return reasons
