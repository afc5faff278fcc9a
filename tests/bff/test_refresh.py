"""The BFF renews the access token itself, once per expiry however many requests arrive at
once (rotation with reuse detection would end the sign-in otherwise), and ends its session
with a clear 401 when the API refuses the renewal."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.bff.client import BffClient
from tests.bff.conftest import wait_until_access_expired
from tests.bff.store import held_tokens

# Below the API's 8 threads: on the API's own origin, each BFF request holds one thread while
# its call to the API needs another.
BURST = 6


def test_an_expired_access_token_is_renewed_by_the_bff(client, bff_api):
    client.login(bff_api.password)
    wait_until_access_expired(client)
    answer = client.get("/bff/api/auth/me/")
    assert answer.status == 200, answer.body
    assert answer.upstream["refreshed"] is True
    assert answer.upstream["refresh"]["status"] == 200
    assert answer.tokens_seen() == []
    assert client.get("/bff/session/").json()["access_expires_in"] > 0


@pytest.mark.parametrize("where", ["web-client", "api"])
def test_simultaneous_requests_at_expiry_refresh_once(bff_web, bff_api, where):
    # The web client keeps its sessions in its SQLite file, the API in its own database.
    client = (BffClient(bff_web.port) if where == "web-client"
              else BffClient(bff_api.port, host="api.localhost"))  # fmt: skip
    client.login(bff_api.password)
    wait_until_access_expired(client)
    barrier = threading.Barrier(BURST)

    def call_me(_):
        barrier.wait(timeout=10)
        return client.get("/bff/api/auth/me/")

    with ThreadPoolExecutor(BURST) as pool:
        answers = list(pool.map(call_me, range(BURST)))
    assert [a.status for a in answers] == [200] * BURST, [a.body for a in answers]
    assert sum(a.upstream["refreshed"] for a in answers) == 1
    # The sign-in is intact: a reuse would have revoked its family, and this renewal fails.
    wait_until_access_expired(client)
    later = client.get("/bff/api/auth/me/")
    assert later.status == 200 and later.upstream["refreshed"] is True


def test_a_refused_renewal_ends_the_bff_session(bff_web, bff_api):
    client = BffClient(bff_web.port)
    client.login(bff_api.password)
    # Someone uses the BFF's refresh token behind its back (a thief who copied the store):
    # the BFF's own renewal is then a reuse, and the API ends the sign-in.
    stolen = held_tokens(bff_web, client.cookie)["refresh"]
    assert requests.post(f"http://127.0.0.1:{bff_api.port}/api/auth/jwt/refresh/",
                         json={"refresh": stolen}, timeout=10).status_code == 200  # fmt: skip
    wait_until_access_expired(client)
    answer = client.get("/bff/api/auth/me/")
    assert answer.status == 401
    body = answer.json()
    assert (body["code"], body["api_code"]) == ("bff_session_ended", "refresh_reused")
    assert "Sign in" in body["detail"]
    assert client.cookie is None  # the cookie was deleted
    assert BffClient(bff_web.port).get("/bff/session/").json() == {"signed_in": False}
