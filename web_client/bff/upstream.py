"""The BFF's second hop: HTTP calls to the API, and the record the page's inspector shows.

Python's resolver does not know *.localhost, so the BFF connects to 127.0.0.1:<API port> and
names the API in the Host header, as a browser would; over https it checks the API's
certificate against the lab's CA (its certificate names 127.0.0.1 too). `requests` (a project
dependency), one call per request: a shared `requests.Session` would keep the API's cookies and
send one user's to another.
"""

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import requests

from web_client.bff import conf
from web_client.site_config import bff_upstream_origin

UPSTREAM_HEADER = "X-BFF-Upstream"
# What the inspector shows instead of the token the BFF sent.
HELD_BEARER = "Bearer (held by the BFF)"

UNREACHABLE = "bff_upstream_unreachable"
TIMEOUT = "bff_upstream_timeout"


@dataclass
class Exchange:
    """One call to the API, as the inspector describes it (never with a token in it)."""

    method: str
    url: str
    status: int | None = None
    ms: float = 0.0
    authorization: str | None = None
    error: str | None = None
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)  # case-insensitive (requests')

    def json(self) -> dict:
        try:
            data = json.loads(self.body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def describe(self, *, refreshed: "Exchange | None" = None) -> str:
        """The X-BFF-Upstream header: this hop, and the refresh it needed first, if any."""
        record = {
            "method": self.method,
            "url": self.url,
            "status": self.status,
            "ms": round(self.ms, 1),
            "authorization": self.authorization,
            "refreshed": refreshed is not None,
        }
        if self.error:
            record["error"] = self.error
        if refreshed is not None:
            record["refresh"] = {"status": refreshed.status, "ms": round(refreshed.ms, 1)}
        return json.dumps(record)


class UpstreamFailed(Exception):
    """The API did not answer: 502 (unreachable) or 504 (too slow), with a message to show."""

    def __init__(self, exchange: Exchange, status: int, code: str, detail: str):
        super().__init__(detail)
        self.exchange, self.status, self.code, self.detail = exchange, status, code, detail


def call(hostname: str, method: str, path: str, *, query: str = "", body: bytes = b"",
         headers: dict[str, str] | None = None, access: str | None = None) -> Exchange:  # fmt: skip
    """`method` `path` at the API, for the page on `hostname`; raises UpstreamFailed."""
    port, scheme = conf.api_port(), conf.upstream_scheme()
    origin = bff_upstream_origin(hostname, port, scheme)
    suffix = f"{path}?{query}" if query else path
    exchange = Exchange(method, f"{origin}{suffix}", authorization=HELD_BEARER if access else None)
    sent = {"Host": origin.split("://", 1)[1], "Accept": "application/json", **(headers or {})}
    if access:
        sent["Authorization"] = f"Bearer {access}"
    timeout = conf.upstream_timeout()
    started = time.perf_counter()
    try:
        answer = requests.request(
            method, f"{scheme}://127.0.0.1:{port}{suffix}", data=body or None, headers=sent,
            timeout=(timeout, timeout), allow_redirects=False, verify=conf.upstream_verify(),
        )  # fmt: skip
    except requests.Timeout as error:  # before ConnectionError: ConnectTimeout is both
        exchange.ms = (time.perf_counter() - started) * 1000
        exchange.error = f"no answer within {timeout:g} s"
        raise UpstreamFailed(
            exchange, 504, TIMEOUT, f"The API did not answer within {timeout:g} s."
        ) from error
    except requests.ConnectionError as error:
        exchange.ms = (time.perf_counter() - started) * 1000
        exchange.error = "connection refused or reset"
        raise UpstreamFailed(
            exchange, 502, UNREACHABLE,
            f"The BFF could not reach the API at {origin} (is it running?).",
        ) from error  # fmt: skip
    exchange.ms = (time.perf_counter() - started) * 1000
    exchange.status, exchange.body = answer.status_code, answer.content
    exchange.headers = answer.headers
    return exchange


def post_json(hostname: str, path: str, data: dict, *, access: str | None = None) -> Exchange:
    return call(hostname, "POST", path, body=json.dumps(data).encode(),
                headers={"Content-Type": "application/json"}, access=access)  # fmt: skip
