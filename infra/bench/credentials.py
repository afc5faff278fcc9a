"""Logs the demo user in through the real API, with the lab's one client (the Kivy app's
ApiClient), and returns the headers each case sends."""

import tempfile

import requests

from infra.cluster.client import access_token, lab_client, refresh_token, session_cookie
from infra.config import DEMO_USER

USERNAME = DEMO_USER


class LoginError(RuntimeError):
    """The benchmark could not obtain a credential, so it would only measure 401s."""


def session_headers(base_url: str, password: str) -> dict[str, str]:
    """A Cookie header carrying a fresh session made by the CSRF-protected login flow."""
    client = lab_client(base_url)
    client.login(USERNAME, password)
    return {"Cookie": f"sessionid={session_cookie(client)}"}


def jwt_tokens(base_url: str, password: str) -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix="bench-tokens-") as folder:
        client = lab_client(base_url, mode="jwt", token_dir=folder)
        client.login(USERNAME, password)
        return {"access": access_token(client), "refresh": refresh_token(client)}


def bearer_headers(access: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access}"}


def check_authenticated(url: str, headers: dict[str, str], expected_auth: str) -> None:
    """Fail before loading if the credential does not authenticate as expected."""
    response = requests.get(url, headers=headers, timeout=10)
    auth = response.json().get("auth") if response.status_code == 200 else None
    if response.status_code != 200 or (expected_auth and auth != expected_auth):
        raise LoginError(f"GET {url} answered {response.status_code} {response.text[:200]}, "
                         f"expected 200 with auth={expected_auth}")  # fmt: skip
