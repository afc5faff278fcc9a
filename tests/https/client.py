"""Requests over TLS sent exactly as a test writes them: every header (Host, Origin, Referer,
Cookie) is the test's, forged ones included, and each Set-Cookie line comes back as sent.

The lab's certificate is checked against the lab's CA file, never skipped. Connections go to
127.0.0.1 (the system resolver knows no *.localhost name) with the public name in Host.
"""

import http.client
import json
import ssl
from dataclasses import dataclass, field
from pathlib import Path

from tests.bff.client import Answer as BffAnswer

TIMEOUT_S = 10


class Answer(BffAnswer):
    """An answer as the BFF suite reads one, plus its Set-Cookie lines by cookie name."""

    def set_cookie_lines(self) -> list[str]:
        return self.all("Set-Cookie")

    def set_cookie(self, name: str) -> str:
        """The one Set-Cookie line for cookie `name`."""
        lines = [line for line in self.set_cookie_lines() if line.startswith(f"{name}=")]
        assert len(lines) == 1, f"{name}: {self.set_cookie_lines()}"
        return lines[0]


def attributes(set_cookie_line: str) -> dict[str, str]:
    """The attributes of one Set-Cookie line, lower-cased names (flags map to "")."""
    _, *parts = [part.strip() for part in set_cookie_line.split(";")]
    pairs = (part.partition("=") for part in parts if part)
    return {name.lower(): value for name, _, value in pairs}


@dataclass
class TlsClient:
    """One origin's client: `host` as the browser names it, `port` on 127.0.0.1, and a cookie
    jar of name -> value filled from the answers (no expiry or path logic: tests stay small)."""

    host: str
    port: int
    ca_file: Path
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://{self.host}:{self.port}"

    def request(self, method: str, path: str, *, json_body=None,
                headers: dict[str, str] | None = None) -> Answer:  # fmt: skip
        context = ssl.create_default_context(cafile=str(self.ca_file))
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=context, timeout=TIMEOUT_S
        )
        sent = {"Host": f"{self.host}:{self.port}", "Accept": "application/json"}
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent["Content-Type"] = "application/json"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.getheaders(), response.read())
        finally:
            connection.close()
        for line in answer.set_cookie_lines():
            # By hand: Python's SimpleCookie drops a whole line it meets `Partitioned` in.
            name, _, rest = line.partition("=")
            if attributes(line).get("max-age") == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = rest.split(";", 1)[0]
        return answer

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json_body=None, **kwargs) -> Answer:
        return self.request("POST", path, json_body=json_body, **kwargs)
