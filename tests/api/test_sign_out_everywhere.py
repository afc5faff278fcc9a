"""Password change and "log out everywhere", seen by every credential of the user: two browser
sessions and two devices (JWT sign-ins), in every session store the lab supports."""

import uuid

import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

from backend.config.stores import SESSION_STORES, caches_for, session_settings_for
from tests.api.conftest import PASSWORD, browser_client, jwt_login, session_login, sign_in

ME = "/api/auth/me/"
ME_DB = "/api/lab/me-db/"
ME_STATELESS = "/api/lab/me-stateless/"
PASSWORD_CHANGE = "/api/auth/password/"
LOGOUT_ALL = "/api/auth/logout-all/"
REFRESH = "/api/auth/jwt/refresh/"
VERIFY = "/api/auth/jwt/verify/"
NEW_PASSWORD = "a whole new passphrase"
REDIS_URL = "redis://127.0.0.1:6379/0"


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_tunings")]


@pytest.fixture(params=SESSION_STORES)
def session_store(request, both_tunings):
    """Each store; with redis and tuned, the user snapshots are shared (Redis, read through
    process-local copies) and so in play."""
    store, tuned = request.param, settings.LAB_TUNING
    redis_url = REDIS_URL if store == "redis" else ""
    caches = caches_for(session_store=store, redis_url=redis_url, tuned=tuned)
    run = uuid.uuid4().hex  # other runs may share this Redis
    for cache in caches.values():
        if "KEY_PREFIX" in cache:
            cache["KEY_PREFIX"] = f"test-{run}-{cache['KEY_PREFIX']}"
    engine, alias = session_settings_for(store, redis_url=redis_url, tuned=tuned)
    with override_settings(SESSION_ENGINE=engine, SESSION_CACHE_ALIAS=alias, CACHES=caches):
        yield store


def bearer(access: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {access}"}


def code(response) -> str | None:
    return response.json().get("code") if response.status_code >= 400 else None


class Device:
    """A JWT sign-in, as a phone or a laptop app holds it."""

    def __init__(self, username="alice", password=PASSWORD):
        response = jwt_login(APIClient(), username, password=password)
        assert response.status_code == 200, response.content
        self.access, self.refresh = response.json()["access"], response.json()["refresh"]

    def me(self, path=ME):
        return APIClient().get(path, **bearer(self.access))

    def refreshed(self):
        return APIClient().post(REFRESH, {"refresh": self.refresh}, format="json")

    def verified(self):
        return APIClient().post(VERIFY, {"token": self.refresh}, format="json")


@pytest.fixture
def world(alice):
    """Alice signed in twice with a session cookie and twice with JWTs."""
    return {
        "session_a": sign_in("session", "alice"),
        "session_b": sign_in("session", "alice"),
        "phone": Device(),
        "laptop": Device(),
    }


def test_log_out_everywhere_from_a_session_ends_every_session_and_sign_in(session_store, world):
    answer = world["session_a"].post(LOGOUT_ALL)
    assert answer.status_code == 204
    for name in ("session_a", "session_b"):
        assert world[name].get(ME).status_code == 401, name
    for name in ("phone", "laptop"):
        device = world[name]
        assert code(device.refreshed()) == "signed_out_everywhere"
        assert code(device.verified()) == "signed_out_everywhere"
        # The lesson: access tokens live on until they expire, on both authenticators.
        assert device.me(ME_DB).status_code == 200
        assert device.me(ME_STATELESS).status_code == 200


def test_log_out_everywhere_with_a_bearer_token_ends_the_sessions_too(session_store, world):
    phone = world["phone"]
    answer = APIClient().post(LOGOUT_ALL, **bearer(phone.access))
    assert answer.status_code == 204
    for name in ("session_a", "session_b"):
        assert world[name].get(ME).status_code == 401, name
    assert code(world["laptop"].refreshed()) == "signed_out_everywhere"
    assert phone.me().status_code == 200


def test_signing_in_again_after_log_out_everywhere_works(session_store, world):
    assert world["session_a"].post(LOGOUT_ALL).status_code == 204
    fresh = sign_in("session", "alice")
    assert fresh.get(ME).json()["username"] == "alice"
    assert fresh.post("/api/notes/", {"title": "after"}).status_code == 201
    assert Device().refreshed().status_code == 200


def test_a_session_logged_out_everywhere_deletes_its_cookies(world):
    answer = world["session_a"].post(LOGOUT_ALL)
    assert answer.cookies["sessionid"]["max-age"] == 0
    assert answer.cookies["csrftoken"]["max-age"] == 0


def test_log_out_everywhere_needs_the_csrf_token_with_a_cookie(world):
    session = world["session_a"]
    assert session.client.post(LOGOUT_ALL).status_code == 403
    assert world["session_b"].get(ME).status_code == 200


def test_password_change_from_a_session_keeps_it_and_ends_everything_else(session_store, world):
    caller = world["session_a"]
    answer = caller.post(PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert answer.status_code == 204
    assert caller.get(ME).status_code == 200  # update_session_auth_hash
    assert caller.post("/api/notes/", {"title": "still me"}).status_code == 201
    assert world["session_b"].get(ME).status_code == 401
    for name in ("phone", "laptop"):
        device = world[name]
        assert code(device.refreshed()) == "password_changed"
        assert code(device.verified()) == "password_changed"
        assert code(device.me(ME_DB)) == "password_changed"  # CHECK_REVOKE_TOKEN
        assert device.me(ME_STATELESS).status_code == 200  # reads no row: until it expires


def test_password_change_with_a_bearer_token_ends_every_session(session_store, world):
    phone = world["phone"]
    answer = APIClient().post(
        PASSWORD_CHANGE,
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
        **bearer(phone.access),
    )
    assert answer.status_code == 204
    assert "sessionid" not in answer.cookies  # a bearer caller gets no session
    for name in ("session_a", "session_b"):
        assert world[name].get(ME).status_code == 401, name
    # The caller's own access token was minted under the old password too.
    assert code(phone.me(ME_DB)) == "password_changed"
    assert code(phone.me(ME)) == "password_changed"  # the configured (db) authenticator
    assert code(phone.refreshed()) == "password_changed"


def test_after_a_password_change_only_the_new_password_signs_in(world):
    world["session_a"].post(
        PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert jwt_login(APIClient(), "alice").status_code == 400
    assert Device(password=NEW_PASSWORD).refreshed().status_code == 200
    client = browser_client()
    assert session_login(client, "alice", password=NEW_PASSWORD).status_code == 200


def test_a_wrong_old_password_is_a_400_and_changes_nothing(world):
    phone = world["phone"]
    answer = APIClient().post(
        PASSWORD_CHANGE,
        {"old_password": "not it", "new_password": NEW_PASSWORD},
        format="json",
        **bearer(phone.access),
    )
    assert answer.status_code == 400
    assert "old_password" in answer.json()
    assert world["session_b"].get(ME).status_code == 200
    assert phone.refreshed().status_code == 200


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_wrong_old_passwords_count_as_failed_logins(alice):
    phone = Device()
    statuses = [
        APIClient()
        .post(
            PASSWORD_CHANGE,
            {"old_password": f"guess {n}", "new_password": NEW_PASSWORD},
            format="json",
            **bearer(phone.access),
        )
        .status_code
        for n in range(3)
    ]
    assert statuses == [400, 400, 429]
    assert jwt_login(APIClient(), "alice").status_code == 429


def test_password_change_needs_the_csrf_token_with_a_cookie(world):
    session = world["session_a"]
    body = {"old_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert session.client.post(PASSWORD_CHANGE, body, format="json").status_code == 403
    assert world["session_b"].get(ME).status_code == 200


@pytest.mark.parametrize(
    "body", [{}, {"old_password": PASSWORD}, {"old_password": PASSWORD, "new_password": ""}]
)
def test_password_change_refuses_incomplete_input(alice, body):
    answer = APIClient().post(PASSWORD_CHANGE, body, format="json", **bearer(Device().access))
    assert answer.status_code == 400


@pytest.mark.parametrize("path", [PASSWORD_CHANGE, LOGOUT_ALL])
def test_account_changes_need_credentials(path):
    assert APIClient().post(path, {}, format="json").status_code == 401


@pytest.mark.parametrize("path", [PASSWORD_CHANGE, LOGOUT_ALL])
def test_a_deleted_users_token_is_a_401_on_account_changes(alice, path):
    phone = Device()
    alice.delete()
    answer = APIClient().post(
        path, {"old_password": PASSWORD, "new_password": "x"}, format="json", **bearer(phone.access)
    )
    assert answer.status_code == 401
    assert code(answer) == "user_not_found"


def test_a_session_logout_ends_that_session_only(world):
    assert world["session_a"].post("/api/auth/session/logout/").status_code == 204
    assert world["session_a"].get(ME).status_code == 401
    assert world["session_b"].get(ME).status_code == 200
    phone = world["phone"]
    assert phone.me(ME_DB).status_code == 200
    assert phone.me(ME_STATELESS).status_code == 200
    assert phone.refreshed().status_code == 200


def test_a_jwt_logout_ends_that_refresh_token_and_leaves_its_access_token(world):
    phone = world["phone"]
    logout = APIClient().post("/api/auth/jwt/logout/", {"refresh": phone.refresh}, format="json")
    assert logout.status_code == 204
    assert code(phone.verified()) == "token_not_valid"  # blacklisted
    assert code(phone.refreshed()) == "refresh_reused"  # and presenting it again is a reuse
    assert phone.me(ME_DB).status_code == 200  # until it expires
    assert phone.me(ME_STATELESS).status_code == 200
    assert world["session_a"].get(ME).status_code == 200
    assert world["laptop"].refreshed().status_code == 200
