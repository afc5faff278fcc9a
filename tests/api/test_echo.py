"""The echo endpoint: what the server saw, in data and plain words, with no secrets."""

import base64
import logging

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.api.conftest import PASSWORD, browser_client, cookie_jwt_login, session_login, sign_in

pytestmark = pytest.mark.django_db

ECHO = "/api/lab/echo/"


def test_anonymous_cross_site_request_with_lax_policy_names_the_samesite_rule():
    response = APIClient().get(
        f"{ECHO}?cookie_policy=lax",
        HTTP_ORIGIN="http://app.localhost:5173",
        HTTP_SEC_FETCH_SITE="cross-site",
        HTTP_HOST="api.localhost:8000",
    )
    body = response.json()
    assert response.status_code == 200
    assert body["relation"] == "cross-site"
    assert body["authenticated_as"] is None
    assert "SameSite=Lax cookie is never sent (nor stored) on a cross-site fetch" in body["summary"]


def test_cross_site_none_policy_blames_third_party_cookie_blocking():
    body = APIClient().get(f"{ECHO}?cookie_policy=none", HTTP_SEC_FETCH_SITE="cross-site").json()
    assert "third-party cookies are blocked" in body["summary"]


def test_cross_site_partitioned_policy_explains_chips():
    body = (
        APIClient()
        .get(f"{ECHO}?cookie_policy=partitioned", HTTP_SEC_FETCH_SITE="cross-site")
        .json()
    )
    assert "Partitioned (CHIPS)" in body["summary"]


def test_without_a_policy_the_echo_lists_possible_causes():
    body = APIClient().get(ECHO, HTTP_SEC_FETCH_SITE="cross-site").json()
    assert "possible causes" in body["summary"]


def test_relation_is_computed_from_origin_when_sec_fetch_site_is_absent():
    same_site = (
        APIClient()
        .get(ECHO, HTTP_ORIGIN="http://app.lab.localhost:5173", HTTP_HOST="api.lab.localhost:8000")
        .json()
    )
    cross_site = (
        APIClient()
        .get(ECHO, HTTP_ORIGIN="http://app.localhost:5173", HTTP_HOST="api.localhost:8000")
        .json()
    )
    assert same_site["relation"] == "same-site"
    assert cross_site["relation"] == "cross-site"


def test_session_echo_names_the_user_and_never_the_session_id(alice):
    client = browser_client()
    session_login(client, "alice")
    response = client.get(ECHO)
    body = response.json()
    assert body["authenticated_as"] == "alice"
    assert body["session_cookie_received"] is True
    assert sorted(body["cookies_received"]) == ["csrftoken", "sessionid"]
    raw = response.content.decode()
    assert client.cookies[settings.SESSION_COOKIE_NAME].value not in raw
    assert client.cookies[settings.CSRF_COOKIE_NAME].value not in raw


def test_dead_session_cookie_is_diagnosed(alice):
    client = browser_client()
    login = session_login(client, "alice")
    dead_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/api/auth/session/logout/", HTTP_X_CSRFTOKEN=login.json()["csrfToken"])
    replay = APIClient()
    replay.cookies[settings.SESSION_COOKIE_NAME] = dead_id
    body = replay.get(ECHO).json()
    assert body["authenticated_as"] is None
    assert "names no live session" in body["summary"]


def everything_said(response, caplog) -> str:
    """The response as a client and an operator see it: status line, headers, body, the log."""
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return f"{response.status_code}\n{headers}\n{response.content.decode()}\n{caplog.text}"


def test_jwt_echo_never_returns_the_token(alice, caplog):
    as_alice = sign_in("jwt", "alice")
    caplog.set_level(logging.DEBUG)
    response = as_alice.get(ECHO)
    body = response.json()
    assert body["authenticated_as"] == "alice"
    assert body["authorization_scheme"] == "Bearer"
    said = everything_said(response, caplog)
    assert as_alice.tokens["access"] not in said
    assert as_alice.tokens["access"].split(".")[1] not in said


def test_a_password_sent_to_the_echo_is_not_repeated_anywhere(alice, caplog):
    # A confused client sends the real password as HTTP Basic credentials and in a cookie.
    caplog.set_level(logging.DEBUG)
    basic = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    client = APIClient()
    client.cookies["password"] = PASSWORD
    response = client.get(ECHO, HTTP_AUTHORIZATION=f"Basic {basic}")
    body = response.json()
    # Both arrived: the echo names them...
    assert body["authorization_header"] is True
    assert body["authorization_scheme"] == "Basic"
    assert body["cookies_received"] == ["password"]
    # ...and repeats neither value, nor the encoded credentials, anywhere.
    said = everything_said(response, caplog)
    assert PASSWORD not in said
    assert basic not in said


def test_bad_bearer_token_is_reported_as_failed():
    body = APIClient().get(ECHO, HTTP_AUTHORIZATION="Bearer not-a-jwt").json()
    jwt_outcome = next(a for a in body["authenticators"] if a["name"] == "jwt")
    assert jwt_outcome["result"] == "failed"
    assert "not-a-jwt" not in str(body)


def test_a_bare_token_without_scheme_is_not_echoed():
    response = APIClient().get(ECHO, HTTP_AUTHORIZATION="eyJhbGciOiJIUzI1NiJ9.e30.sig")
    assert response.json()["authorization_scheme"] == "unrecognised"
    assert "eyJhbGciOiJIUzI1NiJ9" not in response.content.decode()


def test_unknown_policy_is_a_400():
    assert APIClient().get(f"{ECHO}?cookie_policy=maybe").status_code == 400


def test_a_cookie_jwt_sign_in_is_named_by_the_cookie_authenticator(alice):
    client = browser_client()
    cookie_jwt_login(client, "alice")
    body = client.get(ECHO).json()
    outcomes = {a["name"]: a["result"] for a in body["authenticators"]}
    assert outcomes == {
        "jwt": "not-attempted",
        "cookie-jwt": "authenticated",
        "session": "not-attempted",
    }
    assert body["authenticated_as"] == "alice"
    assert "jwt_access" in body["cookies_received"]


def test_a_spoiled_jwt_access_cookie_is_reported_as_failed():
    client = APIClient()
    client.cookies["jwt_access"] = "not-a-jwt"
    body = client.get(ECHO).json()
    cookie_outcome = next(a for a in body["authenticators"] if a["name"] == "cookie-jwt")
    assert cookie_outcome["result"] == "failed"
    assert "not-a-jwt" not in str(body)
