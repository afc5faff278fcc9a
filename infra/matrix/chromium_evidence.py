"""Chromium's own account of each API-cookie cell, read through the DevTools protocol: why it
refused the cell's CSRF cookie (`Network.responseReceivedExtraInfo` blockedCookies) and which
csrftoken the cell's login carried, with its partition key, or why it was left out
(`Network.requestWillBeSentExtraInfo` associatedCookies)."""

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import BrowserContext, Page

from backend.authentication.cookie_names import PLAIN, PREFIXED

CSRF_PATH = "/api/auth/session/csrf/"
# csrftoken over http, __Host-csrftoken over https.
CSRF_COOKIES = (PLAIN.csrf, PREFIXED.csrf)
# The login of each API-cookie mode (web_client/scripts/api_paths.js): the login after a CSRF
# fetch tells which cell fetched it.
LOGINS = {"/api/auth/session/login/": "session", "/api/auth/cookie-jwt/login/": "cookie-jwt"}
SOURCE = (
    "CDP per API-cookie login: the reasons Chromium gave for refusing the cell's CSRF cookie "
    "(responseReceivedExtraInfo.blockedCookies; none: stored) and the CSRF cookies the "
    "login carried or left out (requestWillBeSentExtraInfo.associatedCookies)"
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class CookieWitness:
    """Watches every page of a context it is shown (the run's tab and its window)."""

    def __init__(self, context: BrowserContext):
        self.context = context
        self.requests: dict[str, dict] = {}  # requestId -> requestWillBeSent, in sending order
        self.refused: dict[str, list] = {}
        self.associated: dict[str, list] = {}
        self.sessions = []

    def watch(self, page: Page) -> None:
        cdp = self.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", lambda e: self.requests.setdefault(e["requestId"], e))
        cdp.on("Network.responseReceivedExtraInfo", lambda e: self.refused.setdefault(
            e["requestId"], []).extend(e.get("blockedCookies", [])))  # fmt: skip
        cdp.on("Network.requestWillBeSentExtraInfo", lambda e: self.associated.setdefault(
            e["requestId"], []).extend(e.get("associatedCookies", [])))  # fmt: skip
        cdp.send("Network.enable")
        self.sessions.append(cdp)

    def _refusals(self, request_id: str) -> list[str]:
        return sorted({reason for refused in self.refused.get(request_id, [])
                       if refused.get("cookie", {}).get("name") in CSRF_COOKIES
                       or refused.get("cookieLine", "").split("=")[0] in CSRF_COOKIES
                       for reason in refused["blockedReasons"]})  # fmt: skip

    def _carried(self, request_id: str) -> list[dict]:
        return [{"partitionKey": item["cookie"].get("partitionKey"),
                 "sameSite": item["cookie"].get("sameSite"),
                 "leftOutFor": item["blockedReasons"]}
                for item in self.associated.get(request_id, [])
                if item["cookie"]["name"] in CSRF_COOKIES]  # fmt: skip

    def by_cell(self, topologies: dict[str, str]) -> dict:
        """{"topology/policy/mode": evidence} for every login seen, topologies named by the
        export's own {topology: page URL}."""
        topology_of = {_origin(url): topology for topology, url in topologies.items()}
        last_csrf: dict[str, tuple[str, str | None]] = {}  # page origin -> (requestId, policy)
        cells = {}
        for request_id, event in self.requests.items():
            page = _origin(event.get("documentURL", ""))
            url = urlsplit(event["request"]["url"])
            if url.path == CSRF_PATH:
                last_csrf[page] = (request_id, parse_qs(url.query).get("cookie_policy", [None])[0])
            elif url.path in LOGINS and event["request"]["method"] == "POST" and page in last_csrf:
                csrf_id, policy = last_csrf[page]
                key = f"{topology_of.get(page, page)}/{policy}/{LOGINS[url.path]}"
                cells[key] = {"pageOrigin": page, "csrfCookieRefusedFor": self._refusals(csrf_id),
                              "csrfCookieAtLogin": self._carried(request_id)}  # fmt: skip
        return cells
