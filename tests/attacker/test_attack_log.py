"""The API's attack log (backend/lab/attack_log.py): what it keeps for a marker, and what it
never keeps (a cookie value, a token, a successful answer's body)."""

import pytest
from django.contrib.auth import get_user_model

from backend.lab.attack_marker import MARKER_PARAM, MIDDLEWARE_PATH

MARKER = "abcdefgh12345678"
ORIGIN = "http://attacker.localhost:5174"
LOG = f"/api/lab/attack-log/{MARKER}/"


@pytest.fixture
def logging_on(settings):
    settings.LAB_ATTACK_LOG = True
    if MIDDLEWARE_PATH not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [settings.MIDDLEWARE[0], MIDDLEWARE_PATH,
                               *settings.MIDDLEWARE[1:]]  # fmt: skip
    from django.core.cache import cache

    cache.clear()


@pytest.mark.django_db
def test_a_refused_cross_site_write_is_recorded_by_name_only(client, logging_on):
    client.cookies["sessionid"] = "SECRET-SESSION-VALUE"
    answer = client.post(
        f"/api/notes/?{MARKER_PARAM}={MARKER}",
        "title=x",
        content_type="application/x-www-form-urlencoded",
        HTTP_ORIGIN=ORIGIN,
        HTTP_AUTHORIZATION="Bearer SECRET.TOKEN.VALUE",
    )
    assert answer.status_code == 401
    attempts = client.get(LOG).json()["attempts"]
    assert len(attempts) == 1
    (attempt,) = attempts
    assert attempt["cookies"] == ["sessionid"]
    assert attempt["authorization_scheme"] == "Bearer"
    assert attempt["origin"] == ORIGIN
    assert attempt["relation"] == "cross-site"
    assert attempt["status"] == 401
    assert "SECRET" not in str(attempt)


@pytest.mark.django_db
def test_a_successful_answer_body_is_never_recorded(client, logging_on):
    get_user_model().objects.create_user("carol", password="carol-password")
    answer = client.post(
        f"/api/auth/jwt/token/?{MARKER_PARAM}={MARKER}",
        {"username": "carol", "password": "carol-password"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    (attempt,) = client.get(LOG).json()["attempts"]
    assert attempt["detail"] is None
    assert answer.json()["access"] not in str(attempt)
    assert answer.json()["refresh"] not in str(attempt)


@pytest.mark.django_db
def test_an_unmarked_or_malformed_marker_is_not_recorded(client, logging_on):
    client.get("/api/health/")
    client.get(f"/api/health/?{MARKER_PARAM}=short")
    assert client.get(LOG).json()["attempts"] == []
    assert client.get("/api/lab/attack-log/short/").status_code == 404
