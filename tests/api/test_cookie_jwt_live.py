"""The cookie JWT against a real server (gunicorn), over a raw socket: the Set-Cookie lines as
they leave the server, and a forged cross-site write sent the way an attacker's page sends it.

http.client sends the headers exactly as given (a forged Origin, a hand-built Cookie header) and
returns every Set-Cookie line separately, as a browser receives them.
"""

import http.client
import json

import pytest

from tests.support.live_api import start_api

TRUSTED_ORIGIN = "http://app.localhost:5173"
EVIL_ORIGIN = "http://evil.localhost:5173"


@pytest.fixture(scope="module")
def api():
    with start_api() as api:
        yield api


class Browser:
    """A minimal cookie-keeping client for api.localhost: enough to watch what the server says."""

    def __init__(self, api):
        self.api, self.cookies = api, {}

    def send(self, method, path, *, body=None, headers=None, cookies=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.api.port, timeout=10)
        jar = self.cookies if cookies is None else cookies
        sent = {"Host": f"api.localhost:{self.api.port}", **(headers or {})}
        if jar:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in jar.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            payload = response.read()
            lines = response.msg.get_all("Set-Cookie") or []
        finally:
            connection.close()
        for line in lines:
            name, _, rest = line.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, lines, json.loads(payload) if payload else None

    def post_json(self, path, data=None, **headers):
        body = json.dumps(data) if data is not None else None
        content = {"Content-Type": "application/json"} if body else {}
        return self.send("POST", path, body=body, headers={**content, **headers})


def line_of(lines: list[str], name: str) -> str:
    (line,) = [line for line in lines if line.startswith(f"{name}=")]
    return line


def signed_in(api, policy="partitioned") -> tuple[Browser, str, list[str]]:
    browser = Browser(api)
    _, _, csrf = browser.send(
        "GET", f"/api/auth/session/csrf/?cookie_policy={policy}", headers={"Origin": TRUSTED_ORIGIN}
    )
    status, lines, body = browser.post_json(
        "/api/auth/cookie-jwt/login/",
        {"username": "alice", "password": api.password, "cookie_policy": policy},
        Origin=TRUSTED_ORIGIN,
        **{"X-CSRFToken": csrf["csrfToken"]},
    )
    assert status == 200, body
    return browser, body["csrfToken"], lines


def test_the_server_sends_both_cookies_httponly_partitioned_and_no_token_in_the_body(api):
    browser, _, lines = signed_in(api, "partitioned")
    access, refresh = line_of(lines, "jwt_access"), line_of(lines, "jwt_refresh")
    for line in (access, refresh):
        attributes = [part.strip() for part in line.split(";")[1:]]
        for expected in ("HttpOnly", "SameSite=None", "Secure", "Partitioned"):
            assert expected in attributes, line
    assert "Path=/api/" in access
    assert "Path=/api/auth/cookie-jwt/" in refresh
    status, _, me = browser.send("GET", "/api/auth/me/")
    assert (status, me["auth"]) == (200, "cookie-jwt")


def test_a_forged_cross_site_write_is_refused_and_creates_no_note(api):
    browser, csrf_token, _ = signed_in(api, "none")
    # What a form on another site can send with the victim's cookies: no token, its Origin.
    for content_type, body in (
        ("application/x-www-form-urlencoded", "title=forged"),
        ("text/plain", '{"title": "forged"}'),
    ):
        status, _, refused = browser.send(
            "POST",
            "/api/notes/",
            body=body,
            headers={"Content-Type": content_type, "Origin": EVIL_ORIGIN},
        )
        assert status == 403, refused
        assert "CSRF" in refused["detail"]
    # Even a stolen CSRF token does not make the foreign Origin trusted.
    status, _, refused = browser.post_json(
        "/api/notes/", {"title": "forged"}, Origin=EVIL_ORIGIN, **{"X-CSRFToken": csrf_token}
    )
    assert status == 403
    assert "Origin" in refused["detail"]
    assert browser.send("GET", "/api/notes/")[2] == []
    status, _, created = browser.post_json(
        "/api/notes/", {"title": "mine"}, Origin=TRUSTED_ORIGIN, **{"X-CSRFToken": csrf_token}
    )
    assert status == 201, created
    assert [note["title"] for note in browser.send("GET", "/api/notes/")[2]] == ["mine"]
