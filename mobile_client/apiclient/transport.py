"""The only module that sends HTTP: logs every exchange and turns transport faults into errors."""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

from .errors import BadResponseError, NetworkError
from .exchange import Exchange, body_for_log

CONNECT_TIMEOUT_S = 5
READ_TIMEOUT_S = 15
MAX_LOGGED_BODY = 4000


@dataclass
class Reply:
    """A response whose body was JSON (or empty); `data` is the decoded body or None."""

    status: int
    headers: requests.structures.CaseInsensitiveDict
    data: object
    set_cookies: list[str]


class Transport:
    """Sends requests to one server through one `requests.Session` (whose jar decides cookies)."""

    def __init__(
        self,
        server_url: str,
        session: requests.Session,
        on_exchange: Callable[[Exchange], None] | None = None,
    ):
        self.server_url = server_url
        self.session = session
        self.on_exchange = on_exchange or (lambda exchange: None)

    def request(self, method, path, *, json_body=None, params=None, headers=None, note="") -> Reply:
        """Send and return the reply for any HTTP status; raise only when no JSON came back."""
        prepared = self.session.prepare_request(
            requests.Request(
                method, self.server_url + path, json=json_body, params=params, headers=headers
            )
        )
        exchange = Exchange(
            method=method,
            url=prepared.url,
            request_headers=list(prepared.headers.items()),
            request_body=body_for_log(json_body),
            note=note,
        )
        started = time.monotonic()
        try:
            response = self.session.send(prepared, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))
        except requests.RequestException as error:
            exchange.elapsed_ms = (time.monotonic() - started) * 1000
            exchange.error = _network_reason(error)
            self.on_exchange(exchange)
            raise NetworkError(
                f"Cannot reach the server at {self.server_url}: {exchange.error}. "
                "Check that the API is running and the address is right."
            ) from error
        exchange.elapsed_ms = (time.monotonic() - started) * 1000
        exchange.status, exchange.reason = response.status_code, response.reason or ""
        exchange.response_headers = list(response.raw.headers.items())
        exchange.response_body = response.text[:MAX_LOGGED_BODY] or None
        self.on_exchange(exchange)
        return Reply(
            status=response.status_code,
            headers=response.headers,
            data=self._decode(response),
            set_cookies=response.raw.headers.getlist("Set-Cookie"),
        )

    def _decode(self, response: requests.Response) -> object:
        if not response.content or response.status_code >= 500:
            return None  # empty (204) or a crash page: the status says enough
        try:
            return response.json()
        except (ValueError, json.JSONDecodeError):
            kind = response.headers.get("Content-Type", "no content type").split(";")[0]
            raise BadResponseError(
                f"The server at {self.server_url} answered {response.status_code} with {kind}, "
                "not JSON. Is this the address of the lab API?",
                status=response.status_code,
            ) from None


def _network_reason(error: requests.RequestException) -> str:
    """A short human reason for a transport failure."""
    text = str(error)
    if isinstance(error, requests.Timeout):
        return "no answer in time (timed out)"
    if "Connection refused" in text or "ECONNREFUSED" in text:
        return "connection refused (nothing listens on that port)"
    if "Name or service not known" in text or "getaddrinfo" in text or "nodename" in text:
        return "the host name could not be resolved"
    if isinstance(error, requests.exceptions.SSLError):  # before ConnectionError: it is one
        return (
            "its https certificate is not trusted here (signed by a private CA, such as the "
            "lab's? Give the app that CA's PEM file: LAB_CA_FILE)"
        )
    if isinstance(error, requests.ConnectionError):
        return "the connection failed"
    return text.splitlines()[0][:200]
