"""JWT on the device: a private refresh-token file, rotation, refresh before and after expiry
(the expiry tests for the bearer token and for the cookie JWT alike)."""

import json
import os
import stat
import time

import pytest
import requests

from mobile_client.apiclient import ApiClient, RefreshReused, SignInExpired
from mobile_client.apiclient.cookie_jwt_auth import ACCESS_COOKIE, REFRESH_COOKIE
from mobile_client.apiclient.token_store import FILE_NAME
from tests.mobile.conftest import ACCESS_TTL_SECONDS, REFRESH_TTL_SECONDS


def summaries(log):
    return [f"{e.method} {e.url.split('/api/', 1)[1]} {e.status}" for e in log]


def refresh_with(api, token):
    return requests.post(f"{api.base_url}/api/auth/jwt/refresh/", json={"refresh": token})


def test_refresh_token_is_a_private_file_and_the_access_token_stays_in_memory(live_api, tmp_path):
    log = []
    client = ApiClient(live_api.base_url, "jwt", str(tmp_path), on_exchange=log.append)
    client.login("alice", live_api.password)
    tokens = json.loads(log[0].response_body)

    files = list(tmp_path.iterdir())
    assert [f.name for f in files] == [FILE_NAME]
    assert stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    assert files[0].read_text() == tokens["refresh"]
    assert tokens["access"] not in files[0].read_text()


def test_a_rejected_access_token_is_refreshed_once_the_call_retried_and_the_rotation_kept(
    live_api, tmp_path
):
    log = []
    client = ApiClient(live_api.base_url, "jwt", str(tmp_path), on_exchange=log.append)
    client.login("alice", live_api.password)
    first_refresh = (tmp_path / FILE_NAME).read_text()
    log.clear()

    client.spoil_access_token()
    assert client.me()["username"] == "alice"

    assert summaries(log) == ["GET auth/me/ 401", "POST auth/jwt/refresh/ 200", "GET auth/me/ 200"]
    rotated = (tmp_path / FILE_NAME).read_text()
    assert rotated != first_refresh
    assert refresh_with(live_api, first_refresh).status_code == 401  # blacklisted by rotation


def test_the_client_refreshes_before_expiry_without_provoking_a_401(live_api, tmp_path):
    log = []
    now = [1000.0]
    client = ApiClient(live_api.base_url, "jwt", str(tmp_path), on_exchange=log.append)
    client.auth.clock = lambda: now[0]
    client.login("alice", live_api.password)
    log.clear()

    now[0] += 290  # 10 s left of the 5-minute token: inside the refresh margin
    client.list_notes()

    assert summaries(log) == ["POST auth/jwt/refresh/ 200", "GET notes/ 200"]
    assert "expires in 10 s" in log[0].note
    assert client.access_seconds_left() == pytest.approx(300, abs=1)


def test_a_saved_sign_in_is_resumed_by_a_new_client(live_api, tmp_path):
    ApiClient(live_api.base_url, "jwt", str(tmp_path)).login("alice", live_api.password)

    restarted = ApiClient(live_api.base_url, "jwt", str(tmp_path))

    assert restarted.resume()["username"] == "alice"


def test_jwt_logout_blacklists_the_refresh_token_and_deletes_the_file(live_api, tmp_path):
    client = ApiClient(live_api.base_url, "jwt", str(tmp_path))
    client.login("alice", live_api.password)
    refresh = (tmp_path / FILE_NAME).read_text()

    client.logout()

    assert not (tmp_path / FILE_NAME).exists()
    assert client.access_claims() == {}
    assert refresh_with(live_api, refresh).status_code == 401
    assert ApiClient(live_api.base_url, "jwt", str(tmp_path)).resume() is None


REFRESH_PATHS = {"jwt": "auth/jwt/refresh/", "cookie-jwt": "auth/cookie-jwt/refresh/"}


@pytest.mark.parametrize("mode", REFRESH_PATHS)
def test_an_expired_access_token_is_refused_then_refreshed_and_the_call_retried(
    short_lived_api, tmp_path, mode
):
    log = []
    client = ApiClient(short_lived_api.base_url, mode, str(tmp_path), on_exchange=log.append)
    if mode == "jwt":
        client.auth.clock = lambda: 0.0  # a client that does not notice time passing...
    client.login("alice", short_lived_api.password)
    log.clear()
    time.sleep(ACCESS_TTL_SECONDS + 0.3)  # ...while the token really expires at the server

    assert client.me()["username"] == "alice"
    refresh = f"POST {REFRESH_PATHS[mode]} 200"
    assert summaries(log) == ["GET auth/me/ 401", refresh, "GET auth/me/ 200"]
    if mode == "cookie-jwt":  # the jar dropped the access cookie at its Max-Age
        assert ACCESS_COOKIE not in dict(log[0].cookies_sent())


def test_an_expired_refresh_token_asks_the_user_to_log_in_again(short_lived_api, tmp_path):
    client = ApiClient(short_lived_api.base_url, "jwt", str(tmp_path))
    client.login("alice", short_lived_api.password)
    time.sleep(REFRESH_TTL_SECONDS + 0.2)  # past the refresh lifetime

    with pytest.raises(SignInExpired) as expired:
        client.me()

    assert "log in again" in str(expired.value)
    assert "expired" in str(expired.value)
    assert not (tmp_path / FILE_NAME).exists()


def use_a_copy_of_the_refresh_token(api, client: ApiClient, tmp_path) -> requests.Response:
    """Someone who copied this device's refresh token uses it first (raw, from elsewhere)."""
    if client.mode == "jwt":
        return refresh_with(api, (tmp_path / FILE_NAME).read_text())
    thief = requests.Session()
    csrf = thief.get(f"{api.base_url}/api/auth/session/csrf/", timeout=10).json()["csrfToken"]
    return thief.post(
        f"{api.base_url}/api/auth/cookie-jwt/refresh/",
        cookies={REFRESH_COOKIE: client.transport.session.cookies[REFRESH_COOKIE]},
        headers={"X-CSRFToken": csrf, "Origin": api.base_url},
        timeout=10,
    )


@pytest.mark.parametrize("mode", REFRESH_PATHS)
def test_a_refused_refresh_signs_the_device_out_with_the_servers_reason(live_api, tmp_path, mode):
    log = []
    client = ApiClient(live_api.base_url, mode, str(tmp_path), on_exchange=log.append)
    client.login("alice", live_api.password)
    assert use_a_copy_of_the_refresh_token(live_api, client, tmp_path).status_code == 200
    log.clear()

    client.spoil_access_token()  # the next call needs a refresh, with the token used already
    with pytest.raises(RefreshReused) as refused:
        client.me()

    assert summaries(log) == ["GET auth/me/ 401", f"POST {REFRESH_PATHS[mode]} 401"]
    assert refused.value.code == "refresh_reused"
    assert "Sign in again" in str(refused.value)
    # Signed out on the device: no refresh-token file, no cookie left in the jar.
    assert not (tmp_path / FILE_NAME).exists()
    assert client.cookie_names() == []
    assert client.access_claims() == {}
