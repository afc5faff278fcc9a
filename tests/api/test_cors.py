"""CORS: the web-client origins exactly, with credentials; every lookalike gets nothing."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

ALLOWED = ["http://app.localhost:5173", "http://app.lab.localhost:5173"]
LOOKALIKES = [
    "https://app.localhost:5173",  # other scheme
    "http://app.localhost:5174",  # other port
    "http://app.localhost",  # default port
    "http://app.localhost.evil.test",  # suffix trick
    "http://app.localhost:5173.evil.test",
    "http://evil-app.localhost:5173",
    "http://lab.localhost:5173",
    "http://xapp.localhost:5173",
    "null",
]


def preflight(origin: str, method="POST", headers="authorization,content-type,x-csrftoken"):
    return APIClient().options(
        "/api/notes/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers,
    )


def test_defaults_are_the_two_web_client_origins():
    assert settings.CORS_ALLOWED_ORIGINS == ALLOWED
    assert set(ALLOWED) <= set(settings.CSRF_TRUSTED_ORIGINS)


@pytest.mark.parametrize("origin", ALLOWED)
def test_allowed_origin_gets_credentialed_cors(origin):
    response = APIClient().get("/api/health/", HTTP_ORIGIN=origin)
    assert response["Access-Control-Allow-Origin"] == origin
    assert response["Access-Control-Allow-Credentials"] == "true"
    assert "X-Replica" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("origin", ALLOWED)
def test_preflight_allows_authorization_and_csrf_headers(origin):
    response = preflight(origin)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == origin
    allowed_headers = response["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed_headers
    assert "x-csrftoken" in allowed_headers


@pytest.mark.parametrize("origin", LOOKALIKES)
def test_lookalike_origins_get_no_cors_headers(origin):
    for response in (APIClient().get("/api/health/", HTTP_ORIGIN=origin), preflight(origin)):
        assert "Access-Control-Allow-Origin" not in response
        assert "Access-Control-Allow-Credentials" not in response


def test_cors_never_answers_with_a_wildcard():
    response = APIClient().get("/api/health/", HTTP_ORIGIN=ALLOWED[0])
    assert response["Access-Control-Allow-Origin"] != "*"


@pytest.mark.parametrize("origin", ALLOWED)
def test_a_cross_origin_page_may_send_an_idempotency_key_and_read_the_replay_marker(origin):
    # The web client sends Idempotency-Key with every note it creates; a preflight that
    # refused it would make every cross-origin note write fail in the browser.
    response = preflight(origin, headers="content-type,idempotency-key")
    assert "idempotency-key" in response["Access-Control-Allow-Headers"].lower()
    exposed = APIClient().get("/api/health/", HTTP_ORIGIN=origin)["Access-Control-Expose-Headers"]
    assert "Idempotent-Replayed" in exposed
