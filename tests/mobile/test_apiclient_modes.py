"""The API client core against the real API in its four modes: what works, what is refused."""

import json

import pytest
import requests

from mobile_client.apiclient import ApiClient, NotAuthenticated


def make_client(api, mode, tmp_path, log):
    return ApiClient(api.base_url, mode, str(tmp_path), on_exchange=log.append)


def sent_header(exchange, name):
    return next((v for k, v in exchange.request_headers if k.lower() == name.lower()), None)


@pytest.mark.parametrize(
    "mode, auth_kind", [("jwt", "jwt"), ("session", "session"), ("cookie-jwt", "cookie-jwt")]
)
def test_login_me_and_notes_round_trip(live_api, tmp_path, mode, auth_kind):
    log = []
    client = make_client(live_api, mode, tmp_path, log)

    user = client.login("alice", live_api.password)
    assert user["username"] == "alice"
    assert client.me()["auth"] == auth_kind

    note = client.create_note(f"groceries via {mode}", "milk, eggs")
    assert any(n["id"] == note["id"] for n in client.list_notes())
    client.delete_note(note["id"])
    assert all(n["id"] != note["id"] for n in client.list_notes())

    client.logout()
    with pytest.raises(NotAuthenticated):
        client.me()


def test_jwt_requests_carry_a_bearer_token_and_no_cookie(live_api, tmp_path):
    log = []
    client = make_client(live_api, "jwt", tmp_path, log)
    client.login("alice", live_api.password)
    client.list_notes()

    notes_call = log[-1]
    assert sent_header(notes_call, "Authorization").startswith("Bearer ")
    assert sent_header(notes_call, "Cookie") is None
    assert client.cookie_names() == []


def test_session_keeps_its_cookies_and_uses_the_rotated_csrf_token(live_api, tmp_path):
    log = []
    client = make_client(live_api, "session", tmp_path, log)
    client.login("alice", live_api.password)
    note = client.create_note("csrf", "rotated token")
    client.delete_note(note["id"])  # the shared server stays as it was

    csrf_call, login_call, create_call = log[0], log[1], log[2]
    token_before_login = json.loads(csrf_call.response_body)["csrfToken"]
    rotated = json.loads(login_call.response_body)["csrfToken"]
    assert rotated != token_before_login
    assert sent_header(create_call, "X-CSRFToken") == rotated
    # A native app has no web origin: it declares the API's own origin (same-origin).
    assert sent_header(login_call, "Origin") == live_api.base_url
    assert "sessionid=" in sent_header(create_call, "Cookie")
    assert client.cookie_names() == ["csrftoken", "sessionid"]


def test_session_logout_ends_the_session_on_the_server(live_api, tmp_path):
    client = make_client(live_api, "session", tmp_path, [])
    client.login("alice", live_api.password)
    old_cookie = client.transport.session.cookies.get("sessionid")
    assert old_cookie, "the login left no session cookie to replay"

    def replay():
        me = f"{live_api.base_url}/api/auth/me/"
        return requests.get(me, cookies={"sessionid": old_cookie}, timeout=10)

    # Before logout the copied cookie is a working credential on its own...
    before = replay()
    assert before.status_code == 200
    assert before.json()["username"] == "alice"

    client.logout()

    # ...after it, the same cookie, replayed by anyone, names no session.
    assert replay().status_code == 401
    assert client.cookie_names() == []


def test_naive_session_login_succeeds_but_the_next_call_is_refused_for_want_of_cookies(
    live_api, tmp_path
):
    log = []
    client = make_client(live_api, "naive-session", tmp_path, log)

    user = client.login("alice", live_api.password)
    assert user["username"] == "alice"
    login_call = log[1]
    assert login_call.status == 200
    assert any(
        k.lower() == "set-cookie" and v.startswith("sessionid=")
        for k, v in login_call.response_headers
    )

    with pytest.raises(NotAuthenticated) as refused:
        client.me()

    me_call, echo_call = log[-2], log[-1]
    assert me_call.status == 401
    assert sent_header(me_call, "Cookie") is None
    echo = json.loads(echo_call.response_body)
    assert echo["cookies_received"] == []
    assert echo["session_cookie_received"] is False
    message = str(refused.value)
    assert "no cookies and no Authorization header arrived" in message
    assert "keeps no cookie jar" in message
    assert client.cookie_names() == []
