"""Signing out of the BFF blacklists its refresh token at the API and deletes the cookie."""

import requests

from tests.bff.client import COOKIE, BffClient
from tests.bff.store import held_tokens


def test_logout_blacklists_the_refresh_token_and_clears_the_cookie(bff_web, bff_api):
    client = BffClient(bff_web.port)
    client.login(bff_api.password)
    refresh = held_tokens(bff_web, client.cookie)["refresh"]
    answer = client.post("/bff/logout/")
    assert answer.status == 200
    assert "blacklisted" in answer.json()["detail"]
    (cookie,) = answer.all("Set-Cookie")
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert attributes[0] == f'{COOKIE}=""' and "max-age=0" in attributes
    assert "path=/bff/" in attributes
    assert client.cookie is None
    # The token the BFF held can mint nothing any more.
    reused = requests.post(f"http://127.0.0.1:{bff_api.port}/api/auth/jwt/refresh/",
                           json={"refresh": refresh}, timeout=10)  # fmt: skip
    assert reused.status_code == 401
    assert client.get("/bff/session/").json() == {"signed_in": False}


def test_logout_without_a_session_is_harmless(client):
    answer = client.post("/bff/logout/")
    assert answer.status == 200 and "Not signed in" in answer.json()["detail"]


def test_signing_in_again_ends_the_earlier_sign_in(bff_web, bff_api):
    client = BffClient(bff_web.port)
    client.login(bff_api.password)
    earlier_cookie = client.cookie
    earlier_refresh = held_tokens(bff_web, earlier_cookie)["refresh"]
    client.login(bff_api.password, username="bob")
    assert client.cookie != earlier_cookie  # a new session id for every sign-in
    reused = requests.post(f"http://127.0.0.1:{bff_api.port}/api/auth/jwt/refresh/",
                           json={"refresh": earlier_refresh}, timeout=10)  # fmt: skip
    assert reused.status_code == 401
    replay = BffClient(bff_web.port)
    replay.cookie = earlier_cookie
    assert replay.get("/bff/session/").json() == {"signed_in": False}
