"""The exact Set-Cookie headers each cookie policy produces, deletions included."""

import pytest
from django.conf import settings

from tests.api.conftest import browser_client, session_login

pytestmark = pytest.mark.django_db


def set_cookie_header(response, name: str) -> str:
    return response.cookies[name].output(header="").strip()


def attributes(header: str) -> list[str]:
    return [part.strip() for part in header.split(";")[1:]]


EXPECTED = {
    "lax": ["SameSite=Lax"],
    "strict": ["SameSite=Strict"],
    "none": ["SameSite=None", "Secure"],
    "partitioned": ["SameSite=None", "Secure", "Partitioned"],
}


@pytest.mark.parametrize("policy", list(EXPECTED))
def test_login_sets_both_cookies_with_the_chosen_policy(alice, policy):
    response = session_login(browser_client(), "alice", policy=policy)
    assert response.status_code == 200
    session_attrs = attributes(set_cookie_header(response, settings.SESSION_COOKIE_NAME))
    csrf_attrs = attributes(set_cookie_header(response, settings.CSRF_COOKIE_NAME))
    for expected in EXPECTED[policy]:
        assert expected in session_attrs
        assert expected in csrf_attrs
    assert "HttpOnly" in session_attrs
    assert ("Partitioned" in session_attrs) == (policy == "partitioned")
    if policy in ("lax", "strict"):
        assert "Secure" not in session_attrs


def test_partitioned_header_is_exact(alice):
    response = session_login(browser_client(), "alice", policy="partitioned")
    header = set_cookie_header(response, settings.SESSION_COOKIE_NAME)
    assert header.startswith(f"{settings.SESSION_COOKIE_NAME}=")
    assert header.endswith("; Path=/; SameSite=None; Secure; Partitioned")
    assert header.count("Partitioned") == 1


@pytest.mark.parametrize("policy", list(EXPECTED))
def test_csrf_endpoint_sets_the_requested_policy_before_login(policy):
    response = browser_client().get(f"/api/auth/session/csrf/?cookie_policy={policy}")
    attrs = attributes(set_cookie_header(response, settings.CSRF_COOKIE_NAME))
    for expected in EXPECTED[policy]:
        assert expected in attrs


@pytest.mark.parametrize("policy", list(EXPECTED))
def test_logout_deletes_cookies_with_the_attributes_they_were_set_with(alice, policy):
    client = browser_client()
    login = session_login(client, "alice", policy=policy)
    response = client.post("/api/auth/session/logout/", HTTP_X_CSRFTOKEN=login.json()["csrfToken"])
    assert response.status_code == 204
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        header = set_cookie_header(response, name)
        assert "Max-Age=0" in header
        for expected in EXPECTED[policy]:
            assert expected in attributes(header), (name, header)


def test_policy_sticks_to_the_session_for_later_cookie_updates(alice):
    client = browser_client()
    session_login(client, "alice", policy="partitioned")
    # A later CSRF fetch re-sends the CSRF cookie: it must stay partitioned.
    response = client.get("/api/auth/session/csrf/")
    header = set_cookie_header(response, settings.CSRF_COOKIE_NAME)
    assert header.endswith("SameSite=None; Secure; Partitioned")
