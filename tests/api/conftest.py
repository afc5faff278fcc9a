"""Clients that speak to the API the way each kind of client does.

`APIClient(enforce_csrf_checks=True)` makes Django's test client apply CSRF exactly as a
browser request would meet it; the session helper performs the browser's CSRF dance.
"""

from dataclasses import dataclass, field

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

PASSWORD = "correct horse battery staple"
TRUSTED_ORIGIN = "http://app.localhost:5173"


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Throttle counters and cache-backed sessions must not leak between tests.
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password=PASSWORD)


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password=PASSWORD)


@pytest.fixture
def carol_inactive(django_user_model):
    return django_user_model.objects.create_user("carol", password=PASSWORD, is_active=False)


def browser_client() -> APIClient:
    return APIClient(enforce_csrf_checks=True, HTTP_ORIGIN=TRUSTED_ORIGIN)


def fetch_csrf(client: APIClient, policy: str | None = None) -> str:
    query = f"?cookie_policy={policy}" if policy else ""
    response = client.get(f"/api/auth/session/csrf/{query}")
    assert response.status_code == 200, response.content
    return response.json()["csrfToken"]


def session_login(client: APIClient, username: str, policy: str | None = None, password=PASSWORD):
    token = fetch_csrf(client, policy)
    body = {"username": username, "password": password}
    if policy:
        body["cookie_policy"] = policy
    return client.post("/api/auth/session/login/", body, format="json", HTTP_X_CSRFTOKEN=token)


def jwt_login(client: APIClient, username: str, password=PASSWORD):
    return client.post(
        "/api/auth/jwt/token/", {"username": username, "password": password}, format="json"
    )


@dataclass
class SignedInClient:
    """A client signed in one way or the other, sending what that way needs."""

    mode: str
    client: APIClient
    csrf_token: str = ""
    tokens: dict = field(default_factory=dict)

    def _headers(self) -> dict:
        if self.mode == "jwt":
            return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens['access']}"}
        return {"HTTP_X_CSRFTOKEN": self.csrf_token}

    def get(self, path):
        return self.client.get(path, **self._headers())

    def post(self, path, data=None):
        return self.client.post(path, data, format="json", **self._headers())

    def put(self, path, data=None):
        return self.client.put(path, data, format="json", **self._headers())

    def patch(self, path, data=None):
        return self.client.patch(path, data, format="json", **self._headers())

    def delete(self, path):
        return self.client.delete(path, **self._headers())


def sign_in(mode: str, username: str) -> SignedInClient:
    client = browser_client()
    if mode == "session":
        response = session_login(client, username)
        assert response.status_code == 200, response.content
        return SignedInClient("session", client, csrf_token=response.json()["csrfToken"])
    response = jwt_login(client, username)
    assert response.status_code == 200, response.content
    # A bearer client carries no cookies and no Origin: it is not a browser.
    return SignedInClient("jwt", APIClient(enforce_csrf_checks=True), tokens=response.json())


@pytest.fixture(params=["session", "jwt"])
def mode(request):
    return request.param


@pytest.fixture
def as_alice(mode, alice):
    return sign_in(mode, "alice")


@pytest.fixture
def as_bob(mode, bob):
    return sign_in(mode, "bob")
