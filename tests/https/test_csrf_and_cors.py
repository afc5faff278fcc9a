"""The scheme-dependent halves of CSRF and CORS, sent as an attacker's tool sends them.

Django checks the Referer of an unsafe request that names no Origin only when the request is
secure (a plain-http Referer can be stripped or rewritten on the way, so over http it proves
nothing): over https a missing or foreign Referer is refused, the page's own accepted; over
http the same request passes on its CSRF token alone. CORS allows the https page origins and
no http one: an origin's scheme is part of it.
"""

import pytest
import requests

from tests.https.client import TlsClient

NOTE = {"title": "over https", "text": "written with a session cookie"}


@pytest.fixture
def signed_in(api, page_origin) -> tuple[TlsClient, str]:
    """alice's session on the API over https, and the CSRF token to send with it."""
    token = api.get("/api/auth/session/csrf/").json()["csrfToken"]
    answer = api.post(
        "/api/auth/session/login/", {"username": "alice", "password": "lab-demo-password"},
        headers={"X-CSRFToken": token, "Origin": page_origin},
    )  # fmt: skip
    assert answer.status == 200, answer.body
    return api, answer.json()["csrfToken"]


def write_note(client: TlsClient, token: str, **headers: str):
    return client.post("/api/notes/", NOTE, headers={"X-CSRFToken": token, **headers})


def test_without_origin_a_write_with_no_referer_is_refused(signed_in):
    client, token = signed_in
    answer = write_note(client, token)
    assert answer.status == 403
    assert answer.json()["detail"] == "CSRF Failed: Referer checking failed - no Referer."


def test_without_origin_a_foreign_referer_is_refused(signed_in):
    client, token = signed_in
    answer = write_note(client, token, Referer="https://attacker.localhost:5174/attacks")
    assert answer.status == 403
    assert "Referer checking failed" in answer.json()["detail"]
    assert "does not match any trusted origins" in answer.json()["detail"]


def test_without_origin_an_http_referer_is_refused_as_insecure(signed_in, web_port):
    client, token = signed_in
    answer = write_note(client, token, Referer=f"http://app.localhost:{web_port}/")
    assert answer.status == 403
    assert "Referer is insecure while host is secure" in answer.json()["detail"]


def test_without_origin_the_pages_own_referer_is_accepted(signed_in, page_origin):
    client, token = signed_in
    answer = write_note(client, token, Referer=f"{page_origin}/")
    assert answer.status == 201, answer.body


def test_the_http_twin_of_a_trusted_origin_is_refused(signed_in, web_port):
    client, token = signed_in
    answer = write_note(client, token, Origin=f"http://app.localhost:{web_port}")
    assert answer.status == 403
    assert "Origin checking failed" in answer.json()["detail"]


def test_the_trusted_https_origin_is_accepted(signed_in, page_origin):
    client, token = signed_in
    assert write_note(client, token, Origin=page_origin).status == 201


def test_over_plain_http_the_same_request_needs_no_referer(live_api):
    """The contrast: the http demo's API takes a write with neither Origin nor Referer."""
    session = requests.Session()
    host = {"Host": f"api.localhost:{live_api.port}"}
    token = session.get(f"{live_api.base_url}/api/auth/session/csrf/", headers=host,
                        timeout=10).json()["csrfToken"]  # fmt: skip
    login = session.post(
        f"{live_api.base_url}/api/auth/session/login/",
        json={"username": "alice", "password": live_api.password},
        headers={**host, "X-CSRFToken": token}, timeout=10,
    )  # fmt: skip
    assert login.status_code == 200, login.text
    note = session.post(f"{live_api.base_url}/api/notes/", json=NOTE, timeout=10,
                        headers={**host, "X-CSRFToken": login.json()["csrfToken"]})  # fmt: skip
    assert note.status_code == 201, note.text


def preflight(api: TlsClient, origin: str):
    return api.request("OPTIONS", "/api/notes/", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-csrftoken",
    })  # fmt: skip


@pytest.mark.parametrize("host", ["app.localhost", "app.lab.localhost"])
def test_a_preflight_from_an_https_page_origin_is_allowed(api, web_port, host):
    origin = f"https://{host}:{web_port}"
    answer = preflight(api, origin)
    assert answer.status == 200
    assert answer.header("Access-Control-Allow-Origin") == origin
    assert answer.header("Access-Control-Allow-Credentials") == "true"


@pytest.mark.parametrize("host", ["app.localhost", "app.lab.localhost"])
def test_a_preflight_from_the_same_page_over_http_is_refused(api, web_port, host):
    answer = preflight(api, f"http://{host}:{web_port}")
    assert answer.header("Access-Control-Allow-Origin") is None
    assert answer.header("Access-Control-Allow-Credentials") is None
