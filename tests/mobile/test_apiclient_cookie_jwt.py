"""The cookie-JWT mode against the real API: the tokens ride the device's own cookie jar (the
stdlib's http.cookiejar), each cookie goes only where its Path sends it, and a request the
cookie authenticates needs the CSRF token like a session's."""

import json

import pytest
import requests

from mobile_client.apiclient import ApiClient, CsrfRejected
from mobile_client.apiclient.cookie_jwt_auth import ACCESS_COOKIE, REFRESH_COOKIE

COOKIE_JWT_PATH = "/api/auth/cookie-jwt/"


def signed_in(api, tmp_path, log, **options) -> ApiClient:
    client = ApiClient(api.base_url, "cookie-jwt", str(tmp_path), on_exchange=log.append, **options)
    client.login("alice", api.password)
    return client


def sent_header(exchange, name):
    return next((v for k, v in exchange.request_headers if k.lower() == name.lower()), None)


def set_cookie(exchange, name) -> str:
    headers = [v for k, v in exchange.response_headers if k.lower() == "set-cookie"]
    return next(v for v in headers if v.startswith(f"{name}="))


def path_of(exchange) -> str:
    return "/" + exchange.url.split("://", 1)[1].partition("/")[2].partition("?")[0]


def test_the_login_sends_the_csrf_token_and_the_apis_origin_and_no_body_holds_a_token(
    live_api, tmp_path
):
    log = []
    client = signed_in(live_api, tmp_path, log)

    csrf_call, login_call = log
    assert login_call.url == live_api.base_url + "/api/auth/cookie-jwt/login/"
    assert (
        sent_header(login_call, "X-CSRFToken") == json.loads(csrf_call.response_body)["csrfToken"]
    )
    assert sent_header(login_call, "Origin") == live_api.base_url  # the API's own origin
    assert json.loads(login_call.response_body)["auth"] == "cookie-jwt"
    jar = client.transport.session.cookies
    assert client.cookie_names() == ["csrftoken", ACCESS_COOKIE, REFRESH_COOKIE]
    for name in (ACCESS_COOKIE, REFRESH_COOKIE):
        assert jar[name] not in login_call.response_body  # in a cookie, never in a body
        assert "HttpOnly" in set_cookie(login_call, name)
    assert json.loads(log[-1].response_body)["username"] == "alice"


def test_calls_ride_the_access_cookie_and_unsafe_ones_carry_the_rotated_csrf_token(
    live_api, tmp_path
):
    log = []
    client = signed_in(live_api, tmp_path, log)
    note = client.create_note("cookie jwt", "rides the jar")
    client.delete_note(note["id"])  # the shared server stays as it was

    login_call, create_call = log[1], log[2]
    assert sent_header(create_call, "Authorization") is None
    assert ACCESS_COOKIE in dict(create_call.cookies_sent())
    rotated = json.loads(login_call.response_body)["csrfToken"]
    assert sent_header(create_call, "X-CSRFToken") == rotated
    assert sent_header(create_call, "Origin") == live_api.base_url


def test_the_refresh_cookie_goes_only_to_its_own_path(live_api, tmp_path):
    log = []
    client = signed_in(live_api, tmp_path, log)
    assert (REFRESH_COOKIE, COOKIE_JWT_PATH) in client.cookie_paths()
    client.me()
    client.spoil_access_token()  # /me is refused, then the refresh, then /me again
    client.list_notes()
    client.logout()

    calls = [(e.method, path_of(e), [name for name, _ in e.cookies_sent()]) for e in log]
    to_its_path = [names for _, path, names in calls if path.startswith(COOKIE_JWT_PATH)]
    elsewhere = [(path, names) for _, path, names in calls if not path.startswith(COOKIE_JWT_PATH)]
    # login (before it existed), refresh and logout; /me three times and the notes list.
    assert len(to_its_path) == 3 and all(REFRESH_COOKIE in names for names in to_its_path[1:])
    assert {"/api/auth/me/", "/api/notes/"} <= {path for path, _ in elsewhere}
    for path, names in elsewhere:
        assert REFRESH_COOKIE not in names, path
        assert ACCESS_COOKIE in names or path == "/api/auth/session/csrf/", path


def test_a_spoiled_access_cookie_is_refreshed_once_the_call_retried_and_the_rotation_kept(
    live_api, tmp_path
):
    log = []
    client = signed_in(live_api, tmp_path, log)
    first_refresh = client.transport.session.cookies[REFRESH_COOKIE]
    log.clear()

    client.spoil_access_token()
    assert client.me()["auth"] == "cookie-jwt"

    assert [(e.method, path_of(e), e.status) for e in log] == [
        ("GET", "/api/auth/me/", 401),
        ("POST", COOKIE_JWT_PATH + "refresh/", 200),
        ("GET", "/api/auth/me/", 200),
    ]
    assert client.transport.session.cookies[REFRESH_COOKIE] != first_refresh  # rotated


def test_an_unsafe_request_with_the_cookie_but_without_the_csrf_token_is_refused(
    live_api, tmp_path
):
    client = signed_in(live_api, tmp_path, [])
    jar = client.transport.session.cookies
    access, csrf_cookie = jar[ACCESS_COOKIE], jar["csrftoken"]
    notes = f"{live_api.base_url}/api/notes/"
    note = {"title": "forged", "text": "sent raw"}

    def post(headers, cookies):
        return requests.post(notes, json=note, headers=headers, cookies=cookies, timeout=10)

    forged = post({"Origin": live_api.base_url}, {ACCESS_COOKIE: access})
    assert forged.status_code == 403
    assert "CSRF" in forged.json()["detail"]
    token = client.auth.headers_for("POST")["X-CSRFToken"]
    with_token = {"X-CSRFToken": token, "Origin": "http://evil.localhost:8666"}
    stranger = post(with_token, {ACCESS_COOKIE: access, "csrftoken": csrf_cookie})
    assert stranger.status_code == 403  # the token, but from an origin the API does not trust
    assert "CSRF" in stranger.json()["detail"]
    # The same cookie with the token and the API's origin is accepted: the CSRF check refused.
    with_token["Origin"] = live_api.base_url
    accepted = post(with_token, {ACCESS_COOKIE: access, "csrftoken": csrf_cookie})
    assert accepted.status_code == 201
    client.delete_note(accepted.json()["id"])
    read = requests.get(notes, cookies={ACCESS_COOKIE: access}, timeout=10)
    assert read.status_code == 200  # a safe request needs no token


def test_samesite_strict_does_not_bind_a_native_client(live_api, tmp_path):
    log = []
    client = signed_in(live_api, tmp_path, log, cookie_policy="strict")

    assert "SameSite=Strict" in set_cookie(log[1], ACCESS_COOKIE)
    assert client.me()["auth"] == "cookie-jwt"  # an app has no site: the jar sends it anyway
    assert ACCESS_COOKIE in dict(log[-1].cookies_sent())


def test_the_jar_keeps_secure_cookies_off_plain_http(live_api, tmp_path):
    # SameSite=None needs Secure (policy "none"): over http://127.0.0.1 the stdlib jar stores the
    # CSRF cookie but never sends it (Chromium would: it counts localhost as secure).
    log = []
    client = ApiClient(live_api.base_url, "cookie-jwt", str(tmp_path), on_exchange=log.append,
                       cookie_policy="none")  # fmt: skip

    with pytest.raises(CsrfRejected):
        client.login("alice", live_api.password)

    assert "Secure" in set_cookie(log[0], "csrftoken")
    assert client.cookie_names() == ["csrftoken"]
    assert log[1].cookies_sent() == []


def test_logout_ends_the_refresh_token_on_the_server_and_empties_the_jar(live_api, tmp_path):
    client = signed_in(live_api, tmp_path, [])
    old_refresh = client.transport.session.cookies[REFRESH_COOKIE]

    client.logout()

    assert client.cookie_names() == []
    # The refresh cookie, replayed raw by whoever copied it, renews nothing any more.
    replay = requests.Session()
    csrf = replay.get(f"{live_api.base_url}/api/auth/session/csrf/", timeout=10).json()
    answer = replay.post(
        f"{live_api.base_url}{COOKIE_JWT_PATH}refresh/",
        cookies={REFRESH_COOKIE: old_refresh},
        headers={"X-CSRFToken": csrf["csrfToken"], "Origin": live_api.base_url},
        timeout=10,
    )
    assert answer.status_code == 401
