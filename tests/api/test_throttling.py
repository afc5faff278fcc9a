"""Failed logins are throttled per username and per address; successes never are."""

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import browser_client, jwt_login, session_login

pytestmark = pytest.mark.django_db


def fail(username: str, address: str = "10.0.0.1"):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/auth/jwt/token/", {"username": username, "password": "wrong"}, format="json"
    )


def test_eleventh_failure_for_a_username_is_429_with_retry_after(alice):
    # Each failure from a different address: the per-username limit alone must trip.
    for attempt in range(10):
        assert fail("alice", f"10.0.1.{attempt}").status_code == 400
    response = fail("alice", "10.0.2.1")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many failed logins" in response.json()["detail"]
    # While throttled even the right password is refused: the attacker learns nothing.
    assert (
        APIClient(REMOTE_ADDR="10.0.3.1")
        .post(
            "/api/auth/jwt/token/",
            {"username": "alice", "password": "correct horse battery staple"},
            format="json",
        )
        .status_code
        == 429
    )


def test_username_limit_is_case_insensitive(alice):
    for attempt in range(10):
        fail("Alice" if attempt % 2 else "ALICE", f"10.0.4.{attempt}")
    assert fail("alice", "10.0.5.1").status_code == 429


def test_eleventh_failure_from_one_address_is_429(alice, bob):
    for attempt in range(10):
        assert fail(f"nobody{attempt}", "10.9.9.9").status_code == 400
    assert fail("someone-else", "10.9.9.9").status_code == 429
    # Another address is not affected.
    assert fail("someone-else", "10.9.9.10").status_code == 400


def test_session_login_shares_the_limit(alice):
    for attempt in range(10):
        fail("alice", f"10.0.6.{attempt}")
    response = session_login(browser_client(), "alice", password="wrong")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_successful_logins_are_never_throttled(alice, bob):
    # A matrix of a few dozen successful logins, both kinds, from one address.
    for _ in range(15):
        assert jwt_login(APIClient(), "alice").status_code == 200
        assert session_login(browser_client(), "bob").status_code == 200
        assert session_login(browser_client(), "alice", policy="none").status_code == 200
