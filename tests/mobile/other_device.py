"""Another device of the same user, as plain HTTP: it signs in with JWT and uses "log out
everywhere", which ends every sign-in of the user (the API contract of issue 12)."""

import requests

LOGOUT_ALL = "/api/auth/logout-all/"
# What a device signed out this way must tell its user (issue 12), word for word.
SIGNED_OUT_ELSEWHERE = "You were signed out on all devices (from another device). Sign in again."


def sign_out_everywhere(base_url: str, username: str, password: str) -> requests.Response:
    """The answer to POST /api/auth/logout-all/ (204 when it worked) sent from this device."""
    tokens = requests.post(
        f"{base_url}/api/auth/jwt/token/",
        json={"username": username, "password": password},
        timeout=10,
    )
    tokens.raise_for_status()
    bearer = {"Authorization": f"Bearer {tokens.json()['access']}"}
    return requests.post(f"{base_url}{LOGOUT_ALL}", headers=bearer, timeout=10)
