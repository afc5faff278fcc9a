"""Session login, CSRF on login itself, fixation, logout and replay."""

import pytest
from django.conf import settings

from tests.api.conftest import PASSWORD, browser_client, fetch_csrf, session_login

# Stock and tuned (LAB_TUNING) must answer alike: each test runs both ways.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_tunings")]

LOGIN = "/api/auth/session/login/"
LOGOUT = "/api/auth/session/logout/"
ME = "/api/auth/me/"


def session_id(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_login_returns_user_and_a_rotated_csrf_token(alice):
    client = browser_client()
    first_token = fetch_csrf(client)
    first_secret = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=first_token,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {"id": alice.id, "username": "alice"}
    assert body["cookiePolicy"] == "lax"
    # The CSRF secret rotates at login; the body carries the new token because a cross-site
    # page cannot read the API's cookie.
    assert client.cookies[settings.CSRF_COOKIE_NAME].value != first_secret
    assert "no-store" in response["Cache-Control"]
    me = client.get(ME)
    assert me.status_code == 200
    assert me.json()["auth"] == "session"


def test_login_without_csrf_token_is_refused(alice):
    client = browser_client()
    fetch_csrf(client)
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_login_with_wrong_csrf_token_is_refused(alice):
    client = browser_client()
    fetch_csrf(client)
    response = client.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN="x" * 64,
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_login_from_a_foreign_origin_is_refused_even_with_the_token(alice):
    client = browser_client()
    token = fetch_csrf(client)
    response = client.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=token,
        HTTP_ORIGIN="http://evil.localhost:5173",
    )
    assert response.status_code == 403
    assert "Origin" in response.json()["detail"]


def test_every_login_issues_a_new_session_id_even_for_the_same_user(alice):
    client = browser_client()
    assert session_login(client, "alice").status_code == 200
    first = session_id(client)
    assert session_login(client, "alice").status_code == 200
    second = session_id(client)
    assert first != second
    # The old id is dead: presenting it alone authenticates nobody.
    replay = browser_client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = first
    assert replay.get(ME).status_code == 401


def test_a_planted_session_id_does_not_survive_login(alice):
    # Session fixation: the attacker gets an anonymous session id into the victim's browser.
    attacker = browser_client()
    fetch_csrf(attacker)
    attacker.session["planted"] = True
    attacker.session.save()
    planted = attacker.session.session_key
    victim = browser_client()
    victim.cookies[settings.SESSION_COOKIE_NAME] = planted
    assert session_login(victim, "alice").status_code == 200
    assert session_id(victim) != planted
    spy = browser_client()
    spy.cookies[settings.SESSION_COOKIE_NAME] = planted
    assert spy.get(ME).status_code == 401


def test_failed_logins_look_the_same_for_unknown_user_and_wrong_password(alice):
    wrong_password = session_login(browser_client(), "alice", password="nope")
    unknown_user = session_login(browser_client(), "mallory", password="nope")
    assert wrong_password.status_code == unknown_user.status_code == 400
    assert (
        wrong_password.json() == unknown_user.json() == {"detail": "Invalid username or password."}
    )


def test_inactive_user_cannot_log_in(carol_inactive):
    response = session_login(browser_client(), "carol")
    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid username or password."}


def test_logout_ends_the_session_and_the_old_id_never_works_again(alice):
    client = browser_client()
    login = session_login(client, "alice")
    old_id = session_id(client)
    response = client.post(LOGOUT, HTTP_X_CSRFTOKEN=login.json()["csrfToken"])
    assert response.status_code == 204
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 0
    assert response.cookies[settings.CSRF_COOKIE_NAME]["max-age"] == 0
    assert client.get(ME).status_code == 401
    replay = browser_client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_id
    assert replay.get(ME).status_code == 401


def test_logout_needs_the_csrf_token(alice):
    client = browser_client()
    session_login(client, "alice")
    response = client.post(LOGOUT)
    assert response.status_code == 403
    assert client.get(ME).status_code == 200


def test_csrf_endpoint_rejects_an_unknown_policy():
    response = browser_client().get("/api/auth/session/csrf/?cookie_policy=sometimes")
    assert response.status_code == 400
    assert "cookie_policy" in response.json()


def test_csrf_endpoint_keeps_the_policy_of_an_existing_session(alice):
    client = browser_client()
    session_login(client, "alice", policy="strict")
    response = client.get("/api/auth/session/csrf/?cookie_policy=none")
    assert response.status_code == 200
    assert response.json()["cookiePolicy"] == "strict"
    assert response.cookies[settings.CSRF_COOKIE_NAME]["samesite"] == "Strict"


def test_login_rejects_a_policy_outside_the_allowed_set(alice, settings):
    settings.COOKIE_POLICIES = ["lax"]
    client = browser_client()
    token = fetch_csrf(client)
    response = client.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD, "cookie_policy": "none"},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 400
    assert "lax" in response.json()["cookie_policy"][0]
