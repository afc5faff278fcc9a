"""Session users: stock, Django reads the row on every request; tuned (LAB_TUNING), from a
shared snapshot that every change to the user, or a log out everywhere, drops at once."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from backend.tuning.switch import dotted_path
from tests.api.conftest import browser_client, session_login

pytestmark = pytest.mark.django_db

CACHE_SESSIONS = "django.contrib.sessions.backends.cache"
STOCK_BACKEND = [dotted_path("user_backend", tuned=False)]
SNAPSHOT_BACKEND = [dotted_path("user_backend", tuned=True)]


@pytest.fixture
def shared_cache(tmp_path):
    """A default cache every process on the host shares (files), as Redis is for replicas."""
    shared = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path),
    }
    with override_settings(
        SESSION_ENGINE=CACHE_SESSIONS, CACHES={**settings.CACHES, "default": shared}
    ):
        yield
    caches["default"].clear()


@pytest.fixture
def snapshots(shared_cache):
    with override_settings(AUTHENTICATION_BACKENDS=SNAPSHOT_BACKEND):
        yield


def signed_in_client():
    client = browser_client()
    assert session_login(client, "alice").status_code == 200
    return client


def user_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/auth/me/").json()["username"] == "alice"
    return [q["sql"] for q in queries if "auth_user" in q["sql"]]


@override_settings(AUTHENTICATION_BACKENDS=STOCK_BACKEND)
def test_stock_reads_the_user_row_on_every_request(alice, shared_cache):
    client = signed_in_client()
    client.get("/api/auth/me/")
    assert len(user_queries(client)) == 1


def test_a_tuned_session_request_needs_no_database_query(alice, snapshots):
    client = signed_in_client()
    client.get("/api/auth/me/")  # fills the user snapshot
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/auth/me/").json()["username"] == "alice"
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_deactivating_the_user_ends_the_session_at_once(alice, snapshots):
    client = signed_in_client()
    assert client.get("/api/auth/me/").status_code == 200
    alice.is_active = False
    alice.save()
    assert client.get("/api/auth/me/").status_code == 401


def test_a_password_change_ends_other_sessions_at_once(alice, snapshots):
    client = signed_in_client()
    assert client.get("/api/auth/me/").status_code == 200
    alice.set_password("a brand new password")
    alice.save()
    assert client.get("/api/auth/me/").status_code == 401


def test_deleting_the_user_ends_the_session_at_once(alice, snapshots):
    client = signed_in_client()
    assert client.get("/api/auth/me/").status_code == 200
    alice.delete()
    assert client.get("/api/auth/me/").status_code == 401


def test_log_out_everywhere_from_another_client_ends_the_session_at_once(alice, snapshots):
    watched, other = signed_in_client(), signed_in_client()
    assert watched.get("/api/auth/me/").status_code == 200  # its snapshot is cached
    token = other.cookies["csrftoken"].value
    assert other.post("/api/auth/logout-all/", HTTP_X_CSRFTOKEN=token).status_code == 204
    assert watched.get("/api/auth/me/").status_code == 401


@override_settings(SESSION_ENGINE=CACHE_SESSIONS, AUTHENTICATION_BACKENDS=SNAPSHOT_BACKEND)
def test_a_process_local_cache_reads_the_database(alice):
    # A save in another process (replica or worker) could not reach this process's snapshot.
    client = signed_in_client()
    client.get("/api/auth/me/")
    assert len(user_queries(client)) == 1
