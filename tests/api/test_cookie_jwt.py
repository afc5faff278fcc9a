"""A JWT in HttpOnly cookies: login, CSRF on every cookie-authenticated write, rotation with
reuse detection, logout, and the cookie policy on every Set-Cookie, deletions included.

The Set-Cookie lines checked are the ones the server sends (`Morsel.output`, which Django's
handlers write out); tests/api/test_cookie_jwt_live.py reads them off a real server's socket.
"""

import pytest
from django.conf import settings
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework_simplejwt.models import TokenUser

from backend.authentication.cookie_jwt import CookieJwtStatelessAuthentication
from backend.authentication.models import RefreshFamily
from tests.api.conftest import (
    PASSWORD,
    browser_client,
    cookie_jwt_login,
    fetch_csrf,
    jwt_login,
)

# Stock and tuned (LAB_TUNING) must answer alike: each test runs both ways.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_tunings")]

LOGIN = "/api/auth/cookie-jwt/login/"
REFRESH = "/api/auth/cookie-jwt/refresh/"
LOGOUT = "/api/auth/cookie-jwt/logout/"
ME = "/api/auth/me/"
NOTES = "/api/notes/"
ACCESS, REFRESH_COOKIE = "jwt_access", "jwt_refresh"
EVIL_ORIGIN = "http://evil.localhost:5173"
# The attributes each policy gives a cookie (backend/authentication/policies.py).
POLICY_ATTRIBUTES = {
    "lax": {"SameSite=Lax"},
    "strict": {"SameSite=Strict"},
    "none": {"SameSite=None", "Secure"},
    "partitioned": {"SameSite=None", "Secure", "Partitioned"},
}
ALL_POLICY_ATTRIBUTES = set().union(*POLICY_ATTRIBUTES.values()) | {"SameSite=Lax"}


def set_cookie(response, name: str) -> str:
    return response.cookies[name].output(header="").strip()


def attributes(header: str) -> dict[str, str]:
    """The attributes of one Set-Cookie line: {"Path": "/api/", "HttpOnly": "", ...}."""
    pairs = (part.strip().partition("=") for part in header.split(";")[1:])
    return {name: value for name, _, value in pairs}


def policy_attributes(header: str) -> set[str]:
    flags = {f"{name}={value}" if value else name for name, value in attributes(header).items()}
    return flags & ALL_POLICY_ATTRIBUTES


def signed_in(policy: str | None = None):
    client = browser_client()
    response = cookie_jwt_login(client, "alice", policy)
    assert response.status_code == 200, response.content
    return client, response


def refresh(client, csrf_token: str, **extra):
    return client.post(REFRESH, HTTP_X_CSRFTOKEN=csrf_token, **extra)


# --- login -------------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", list(POLICY_ATTRIBUTES))
def test_login_sets_two_httponly_cookies_with_the_policy_and_no_token_in_the_body(alice, policy):
    client, response = signed_in(policy)
    body = response.json()
    assert set(body) == {
        "username", "auth", "cookie_policy", "csrfToken", "access_expires_in",
        "refresh_expires_in",
    }  # fmt: skip
    assert (body["username"], body["auth"], body["cookie_policy"]) == (
        "alice",
        "cookie-jwt",
        policy,
    )
    access, refresh_ = set_cookie(response, ACCESS), set_cookie(response, REFRESH_COOKIE)
    for header in (access, refresh_):
        assert "HttpOnly" in attributes(header)
        assert policy_attributes(header) == POLICY_ATTRIBUTES[policy], header
    assert attributes(access)["Path"] == "/api/"
    assert attributes(refresh_)["Path"] == "/api/auth/cookie-jwt/"
    lifetime = int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds())
    assert lifetime - 2 <= int(attributes(access)["Max-Age"]) <= lifetime
    assert body["access_expires_in"] == int(attributes(access)["Max-Age"])
    assert body["refresh_expires_in"] == int(attributes(refresh_)["Max-Age"])
    # The tokens ride the cookies only.
    for name in (ACCESS, REFRESH_COOKIE):
        assert client.cookies[name].value not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_login_rotates_the_csrf_secret_and_stamps_the_policy_on_the_new_csrf_cookie(alice):
    client = browser_client()
    fetch_csrf(client, "partitioned")
    before = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = cookie_jwt_login(client, "alice", "partitioned")
    assert client.cookies[settings.CSRF_COOKIE_NAME].value != before
    csrf_header = set_cookie(response, settings.CSRF_COOKIE_NAME)
    assert policy_attributes(csrf_header) == POLICY_ATTRIBUTES["partitioned"]


def test_login_without_the_csrf_token_is_refused_and_sets_no_cookie(alice):
    client = browser_client()
    fetch_csrf(client)
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert ACCESS not in response.cookies and REFRESH_COOKIE not in response.cookies
    assert not RefreshFamily.objects.exists()


def test_login_from_a_foreign_origin_is_refused_even_with_the_token(alice):
    client = browser_client()
    token = fetch_csrf(client)
    response = client.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=token,
        HTTP_ORIGIN=EVIL_ORIGIN,
    )
    assert response.status_code == 403
    assert "Origin" in response.json()["detail"]
    assert ACCESS not in response.cookies


def test_bad_login_input_is_a_400_not_a_500(alice):
    client = browser_client()
    token = fetch_csrf(client)
    wrong = client.post(
        LOGIN, {"username": "alice", "password": "nope"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert wrong.status_code == 400
    assert wrong.json() == {"detail": "Invalid username or password."}
    policy = client.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD, "cookie_policy": "maybe"},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert policy.status_code == 400
    assert "cookie_policy" in policy.json()


def test_with_jwt_cookie_secure_even_lax_cookies_are_secure(alice, settings):
    settings.JWT_COOKIE_SECURE = True  # as production.py sets it
    _, response = signed_in("lax")
    for name in (ACCESS, REFRESH_COOKIE):
        assert "Secure" in attributes(set_cookie(response, name))


# --- the cookie as a credential ----------------------------------------------------------------


def test_me_with_only_the_cookie_says_cookie_jwt_and_a_bearer_header_still_says_jwt(alice):
    client, _ = signed_in()
    assert client.get(ME).json()["auth"] == "cookie-jwt"
    tokens = jwt_login(APIClient(), "alice").json()
    # The bearer authenticator comes first, even beside the cookie.
    bearer = client.get(ME, HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert bearer.json()["auth"] == "jwt"


def test_a_cookie_write_without_the_csrf_token_is_refused_and_creates_nothing(alice):
    client, login = signed_in()
    refused = client.post(NOTES, {"title": "forged"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert client.get(NOTES).json() == []  # a safe request needs no token
    created = client.post(
        NOTES, {"title": "mine"}, format="json", HTTP_X_CSRFTOKEN=login.json()["csrfToken"]
    )
    assert created.status_code == 201
    assert [note["title"] for note in client.get(NOTES).json()] == ["mine"]


def test_a_cookie_write_from_a_foreign_origin_is_refused_even_with_the_token(alice):
    client, login = signed_in()
    response = client.post(
        NOTES,
        {"title": "forged"},
        format="json",
        HTTP_X_CSRFTOKEN=login.json()["csrfToken"],
        HTTP_ORIGIN=EVIL_ORIGIN,
    )
    assert response.status_code == 403
    assert "Origin" in response.json()["detail"]
    assert client.get(NOTES).json() == []


@pytest.mark.parametrize(
    ("cookie", "why"),
    [("not-a-jwt", "malformed"), (None, "a refresh token is not an access token")],
)
def test_a_bad_access_cookie_is_a_401_json(alice, cookie, why):
    client, _ = signed_in()
    client.cookies[ACCESS] = cookie or client.cookies[REFRESH_COOKIE].value
    response = client.get(ME)
    assert response.status_code == 401, why
    assert response.json()["code"] == "token_not_valid"


def test_a_changed_password_ends_the_cookie_as_it_ends_a_bearer_token(alice):
    client, _ = signed_in()
    bearer = jwt_login(APIClient(), "alice").json()["access"]
    alice.set_password("a new password")
    alice.save()
    for response in (client.get(ME), APIClient().get(ME, HTTP_AUTHORIZATION=f"Bearer {bearer}")):
        assert response.status_code == 401
        assert response.json()["code"] == "password_changed"


def test_a_deactivated_user_is_refused(alice):
    client, _ = signed_in()
    alice.is_active = False
    alice.save()
    assert client.get(ME).json()["code"] == "user_inactive"


def test_log_out_everywhere_with_the_cookie_needs_the_csrf_token(alice):
    client, login = signed_in()
    assert client.post("/api/auth/logout-all/").status_code == 403
    done = client.post("/api/auth/logout-all/", HTTP_X_CSRFTOKEN=login.json()["csrfToken"])
    assert done.status_code == 204
    ended = refresh(client, login.json()["csrfToken"])
    assert ended.json()["code"] == "signed_out_everywhere"


def test_the_stateless_cookie_authenticator_reads_no_row_as_the_stateless_bearer_one(alice):
    client, _ = signed_in()
    cookie = client.cookies[ACCESS].value
    request = Request(APIRequestFactory().get(ME, HTTP_COOKIE=f"{ACCESS}={cookie}"))
    alice.set_password("a new password")
    alice.save()
    # JWT_AUTHENTICATOR=stateless: the user comes from the token's claims, so a changed
    # password goes unnoticed until the token expires, as it does for a bearer token.
    user, _ = CookieJwtStatelessAuthentication().authenticate(request)
    assert isinstance(user, TokenUser)
    assert user.username == "alice"


# --- refresh -----------------------------------------------------------------------------------


def test_refresh_rotates_both_cookies_and_a_replayed_refresh_cookie_ends_the_sign_in(alice):
    client, login = signed_in("partitioned")
    csrf_token = login.json()["csrfToken"]
    old_access, old_refresh = client.cookies[ACCESS].value, client.cookies[REFRESH_COOKIE].value
    rotated = refresh(client, csrf_token)
    assert rotated.status_code == 200
    body = rotated.json()
    assert (body["auth"], body["cookie_policy"], body["username"]) == (
        "cookie-jwt",
        "partitioned",
        "alice",
    )
    for name in (ACCESS, REFRESH_COOKIE):
        assert policy_attributes(set_cookie(rotated, name)) == POLICY_ATTRIBUTES["partitioned"]
        assert rotated.cookies[name].value not in rotated.content.decode()
    assert client.cookies[ACCESS].value != old_access
    new_refresh = client.cookies[REFRESH_COOKIE].value
    assert new_refresh != old_refresh
    assert client.get(ME).json()["auth"] == "cookie-jwt"

    thief = browser_client()
    thief.cookies[REFRESH_COOKIE] = old_refresh
    replay = refresh(thief, fetch_csrf(thief))
    assert replay.status_code == 401
    assert replay.json()["code"] == "refresh_reused"
    # The reuse ended the whole sign-in: the rotated cookie the user holds dies too, and the
    # refusal deletes both cookies, with the sign-in's policy.
    ended = refresh(client, csrf_token)
    assert ended.status_code == 401
    assert ended.json()["code"] == "refresh_reused"
    assert ended["WWW-Authenticate"].startswith("Cookie")
    for name in (ACCESS, REFRESH_COOKIE):
        header = set_cookie(ended, name)
        assert "Max-Age=0" in header
        assert policy_attributes(header) == POLICY_ATTRIBUTES["partitioned"]


@pytest.mark.parametrize("path", [REFRESH, LOGOUT])
def test_refresh_and_logout_without_the_csrf_token_are_refused_and_change_nothing(alice, path):
    client, login = signed_in()
    refused = client.post(path)
    assert refused.status_code == 403
    assert ACCESS not in refused.cookies
    # The refresh cookie is still its family's current token: it rotates now.
    assert refresh(client, login.json()["csrfToken"]).status_code == 200


def test_refresh_without_the_cookie_is_a_401_json(alice):
    client = browser_client()
    response = refresh(client, fetch_csrf(client))
    assert response.status_code == 401
    assert response.json()["code"] == "refresh_cookie_missing"


@pytest.mark.parametrize("garbage", ["x" * 5000, "a\x00b"])
def test_a_garbage_refresh_cookie_is_a_401_json(alice, garbage):
    client = browser_client()
    client.cookies[REFRESH_COOKIE] = garbage
    response = refresh(client, fetch_csrf(client))
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


# --- logout ------------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", list(POLICY_ATTRIBUTES))
def test_logout_blacklists_and_deletes_its_cookies_with_their_attributes(alice, policy):
    client, login = signed_in(policy)
    csrf_token = login.json()["csrfToken"]
    refresh_token = client.cookies[REFRESH_COOKIE].value
    response = client.post(LOGOUT, HTTP_X_CSRFTOKEN=csrf_token)
    assert response.status_code == 200
    assert "detail" in response.json()
    # The CSRF cookie goes too, as on a session logout: one of this policy left behind would
    # ride a later sign-in of another policy.
    cookies = ((ACCESS, "/api/"), (REFRESH_COOKIE, "/api/auth/cookie-jwt/"), ("csrftoken", "/"))
    for name, path in cookies:
        header = set_cookie(response, name)
        assert "Max-Age=0" in header
        assert attributes(header)["Path"] == path
        assert policy_attributes(header) == POLICY_ATTRIBUTES[policy], header
    assert client.get(ME).status_code == 401
    # The refresh token itself is dead, not merely forgotten by this browser.
    replay = browser_client()
    replay.cookies[REFRESH_COOKIE] = refresh_token
    assert refresh(replay, fetch_csrf(replay)).status_code == 401
