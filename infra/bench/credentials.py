"""Logs the demo user in through the real API and returns the headers each case sends."""

import requests

# A trusted origin by default (CSRF_TRUSTED_ORIGINS); session login refuses untrusted ones.
TRUSTED_ORIGIN = "http://app.lab.localhost:5173"
USERNAME = "alice"


class LoginError(RuntimeError):
    """The benchmark could not obtain a credential, so it would only measure 401s."""


def session_headers(base_url: str, password: str) -> dict[str, str]:
    """A Cookie header carrying a fresh session made by the CSRF-protected login flow."""
    http = requests.Session()
    csrf = http.get(f"{base_url}/api/auth/session/csrf/", timeout=10)
    _expect(csrf, "the CSRF token")
    login = http.post(
        f"{base_url}/api/auth/session/login/",
        json={"username": USERNAME, "password": password},
        headers={"X-CSRFToken": csrf.json()["csrfToken"], "Origin": TRUSTED_ORIGIN},
        timeout=10,
    )
    _expect(login, "a session login")
    return {"Cookie": f"sessionid={http.cookies['sessionid']}"}


def jwt_tokens(base_url: str, password: str) -> dict[str, str]:
    response = requests.post(
        f"{base_url}/api/auth/jwt/token/",
        json={"username": USERNAME, "password": password},
        timeout=10,
    )
    _expect(response, "a JWT pair")
    return response.json()


def bearer_headers(access: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access}"}


def check_authenticated(url: str, headers: dict[str, str], expected_auth: str) -> None:
    """Fail before loading if the credential does not authenticate as expected."""
    response = requests.get(url, headers=headers, timeout=10)
    _expect(response, f"an authenticated GET {url}")
    if expected_auth and response.json().get("auth") != expected_auth:
        raise LoginError(f"GET {url} answered {response.json()!r}, expected auth={expected_auth}")


def _expect(response: requests.Response, what: str) -> None:
    if response.status_code != 200:
        raise LoginError(f"Could not get {what}: HTTP {response.status_code} {response.text[:200]}")
