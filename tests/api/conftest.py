"""Clients that speak to the API the way each kind of client does, and the tuning switch.

`APIClient(enforce_csrf_checks=True)` makes Django's test client apply CSRF exactly as a
browser request would meet it; the session helper performs the browser's CSRF dance.

The suite runs with LAB_TUNING as the environment sets it (off unless `LAB_TUNING=1`); modules
that judge authentication and revocation also run each test both ways, stock and tuned, in the
same run (`pytestmark = pytest.mark.usefixtures("both_tunings")`).
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework_simplejwt import authentication as jwt_authentication
from rest_framework_simplejwt import settings as jwt_settings

from backend.config.stores import caches_for, session_settings_for
from backend.tuning.switch import dotted_path

PASSWORD = "correct horse battery staple"
TRUSTED_ORIGIN = "http://app.localhost:5173"


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Throttle counters and cache-backed sessions must not leak between tests.
    for cache in caches.all():
        cache.clear()
    yield


@contextmanager
def tuning_switched(tuned: bool):
    """The settings as LAB_TUNING=1 (or 0) makes them for this process's environment: the same
    functions the settings module calls, with the switch flipped."""
    store, redis_url = settings.SESSION_STORE, settings.REDIS_URL
    engine, alias = session_settings_for(store, redis_url=redis_url, tuned=tuned)
    token_classes = (dotted_path("access_token", tuned=tuned),)
    with override_settings(
        LAB_TUNING=tuned,
        AUTHENTICATION_BACKENDS=[dotted_path("user_backend", tuned=tuned)],
        SIMPLE_JWT={**settings.SIMPLE_JWT, "AUTH_TOKEN_CLASSES": token_classes},
        CACHES=caches_for(session_store=store, redis_url=redis_url, tuned=tuned),
        SESSION_ENGINE=engine,
        SESSION_CACHE_ALIAS=alias,
    ):
        # simplejwt rebuilds its settings object when SIMPLE_JWT changes, but its authenticators
        # keep the one their module imported: point them at the rebuilt one meanwhile.
        imported = jwt_authentication.api_settings
        jwt_authentication.api_settings = jwt_settings.api_settings
        try:
            yield
        finally:
            jwt_authentication.api_settings = imported


@pytest.fixture(params=["stock", "tuned"])
def both_tunings(request):
    """Each test once with the fast paths off and once on: they must not change an answer."""
    with tuning_switched(request.param == "tuned"):
        yield request.param


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


def cookie_jwt_login(
    client: APIClient, username: str, policy: str | None = None, password=PASSWORD
):
    """The browser's cookie-JWT sign-in: the CSRF token first, then the login (cookies set)."""
    token = fetch_csrf(client, policy)
    body = {"username": username, "password": password}
    if policy:
        body["cookie_policy"] = policy
    return client.post("/api/auth/cookie-jwt/login/", body, format="json", HTTP_X_CSRFTOKEN=token)


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
    if mode in ("session", "cookie-jwt"):
        login = session_login if mode == "session" else cookie_jwt_login
        response = login(client, username)
        assert response.status_code == 200, response.content
        return SignedInClient(mode, client, csrf_token=response.json()["csrfToken"])
    response = jwt_login(client, username)
    assert response.status_code == 200, response.content
    # A bearer client carries no cookies and no Origin: it is not a browser.
    return SignedInClient("jwt", APIClient(enforce_csrf_checks=True), tokens=response.json())


# The browser's two cookie credentials and the bearer token: what holds for one holds for all.
@pytest.fixture(params=["session", "cookie-jwt", "jwt"])
def mode(request):
    return request.param


@pytest.fixture
def as_alice(mode, alice):
    return sign_in(mode, "alice")


@pytest.fixture
def as_bob(mode, bob):
    return sign_in(mode, "bob")
