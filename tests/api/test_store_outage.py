"""A Redis session store that is down: 503 with a clear message, never 500 or anonymous."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from rest_framework.test import APIClient

from tests.api.conftest import PASSWORD, browser_client, jwt_login, session_login
from tests.support.live_api import free_port

pytestmark = pytest.mark.django_db


def dead_redis_cache() -> dict:
    """A Redis cache on a port where nothing listens: every call fails to connect."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }


@pytest.fixture
def dead_redis_sessions():
    with override_settings(
        SESSION_ENGINE="backend.authentication.session_store",
        CACHES={**settings.CACHES, "sessions": dead_redis_cache()},
    ):
        yield
    caches["sessions"].close()


def test_session_request_gets_a_503_when_the_store_is_down(dead_redis_sessions):
    client = APIClient()
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    response = client.get("/api/auth/me/")
    assert response.status_code == 503
    assert "session store is unavailable" in response.json()["detail"]


def test_session_login_gets_a_503_when_the_store_is_down(alice, dead_redis_sessions):
    client = APIClient(enforce_csrf_checks=True, HTTP_ORIGIN="http://app.localhost:5173")
    token = client.get("/api/auth/session/csrf/").json()["csrfToken"]
    response = client.post(
        "/api/auth/session/login/",
        {"username": "alice", "password": PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 503
    assert response.json()["code"] == "session_store_unavailable"


def test_bearer_requests_keep_working_when_the_store_is_down(alice, dead_redis_sessions):
    tokens = jwt_login(APIClient(), "alice").json()
    response = APIClient().get("/api/auth/me/", HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert response.status_code == 200
    assert response.json()["auth"] == "jwt"


@pytest.fixture
def dead_redis_counters():
    with override_settings(CACHES={**settings.CACHES, "default": dead_redis_cache()}):
        yield
    caches["default"].close()


@pytest.mark.parametrize("kind", ["session", "jwt"])
def test_logins_fail_closed_when_the_throttle_counters_are_unreachable(
    alice, dead_redis_counters, kind
):
    # Without its counters the failed-login limit cannot hold, so no login is accepted, with
    # the right password, in either mode.
    client = browser_client()
    response = session_login(client, "alice") if kind == "session" else jwt_login(client, "alice")
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "login_throttle_unavailable"
    assert "Logins are paused" in body["detail"]
    assert response["Retry-After"]
    # Nothing that would sign the client in went out.
    if kind == "jwt":
        assert not {"access", "refresh"} & body.keys()
    else:
        assert client.get("/api/auth/me/").status_code == 401


def test_a_lost_database_connection_is_a_503_not_a_500():
    from django.db import OperationalError

    from backend.common.errors import api_exception_handler

    response = api_exception_handler(OperationalError("server closed the connection"), {})
    assert response.status_code == 503
    assert response.data["code"] == "database_unavailable"
    assert response["Retry-After"]
