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


def forged_failure(username: str, forwarded_for: str, address: str = "10.7.7.7"):
    # The header exactly as a client can send it: nothing in front of the API strips it.
    return APIClient(REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded_for).post(
        "/api/auth/jwt/token/", {"username": username, "password": "wrong"}, format="json"
    )


def test_a_forged_x_forwarded_for_does_not_reset_the_address_limit():
    # New username and new X-Forwarded-For every time: only the TCP peer is the same.
    answers = [forged_failure(f"guess{n}", f"203.0.113.{n}").status_code for n in range(30)]
    assert answers[:10] == [400] * 10
    assert answers[10:] == [429] * 20


def test_behind_one_proxy_the_address_is_the_one_the_proxy_appended(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The client forges the left part; the proxy (REMOTE_ADDR) appends the real peer.
    answers = [
        forged_failure(f"guess{n}", f"203.0.113.{n}, 198.51.100.9", address="10.0.0.2").status_code
        for n in range(12)
    ]
    assert answers == [400] * 10 + [429] * 2
    # Another client behind the same proxy has its own counter.
    assert forged_failure("guess-x", "198.51.100.10", address="10.0.0.2").status_code == 400
