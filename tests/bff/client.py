"""A browser-like client of one BFF origin, over raw http.client: it keeps the `lab_bff`
cookie itself and sends exactly the headers a test asks for (forged ones included)."""

import http.client
import json
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie

COOKIE = "lab_bff"
# Any JSON Web Token (base64url header `{"...`): what must never reach the browser.
JWT_PATTERN = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        return json.loads(self.body)

    @property
    def upstream(self) -> dict | None:
        raw = self.header("X-BFF-Upstream")
        return None if raw is None else json.loads(raw)

    def tokens_seen(self) -> list[str]:
        text = self.body.decode("latin-1") + "".join(f"{k}: {v}\n" for k, v in self.headers)
        return JWT_PATTERN.findall(text)


class BffClient:
    def __init__(self, port: int, host: str = "app.localhost"):
        self.port, self.host = port, host
        self.origin = f"http://{host}:{port}"
        self.cookie: str | None = None

    def request(self, method: str, path: str, *, json_body=None, body: bytes | None = None,
                headers: dict[str, str] | None = None, csrf: bool = True,
                origin: str | None = "own") -> Answer:  # fmt: skip
        """`csrf`/`origin`: what a same-origin fetch of the page sends on unsafe requests."""
        sent = {"Host": f"{self.host}:{self.port}"}
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent["Content-Type"] = "application/json"
        if method not in ("GET", "HEAD"):
            if csrf:
                sent["X-CSRF"] = "1"
            if origin is not None:
                sent["Origin"] = self.origin if origin == "own" else origin
        if self.cookie:
            sent["Cookie"] = f"{COOKIE}={self.cookie}"
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.getheaders(), response.read())
        finally:
            connection.close()
        for raw in answer.all("Set-Cookie"):
            morsel = SimpleCookie(raw).get(COOKIE)
            if morsel is not None:
                self.cookie = None if morsel["max-age"] == "0" else morsel.value
        return answer

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json_body=None, **kwargs) -> Answer:
        return self.request("POST", path, json_body=json_body, **kwargs)

    def login(self, password: str, username: str = "alice") -> Answer:
        answer = self.post("/bff/login/", {"username": username, "password": password})
        assert answer.status == 200, answer.body
        return answer
