"""A sign-in the server ended (log out everywhere, a password change, a reused refresh token, an
account disabled or gone, a sign-in too old): a typed error with a sentence to act on, and the
device forgets its tokens. A note draft keeps its Idempotency-Key into the next sign-in."""

import json
import time

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from mobile_client.apiclient import (
    AccountDeleted,
    AccountDisabled,
    ApiClient,
    PasswordChanged,
    RefreshReused,
    ServerError,
    SignedOutElsewhere,
    SignInEnded,
    SignInExpired,
)
from mobile_client.apiclient.jwt_auth import JwtAuth
from mobile_client.apiclient.token_store import FILE_NAME, RefreshTokenStore
from mobile_client.apiclient.transport import Reply
from tests.mobile.conftest import REVOCATION_ACCESS_TTL_SECONDS
from tests.mobile.faulty_gateway import LOSE, PASS, faulty_gateway
from tests.mobile.other_device import SIGNED_OUT_ELSEWHERE, sign_out_everywhere


class RefusingRefresh:
    """A transport whose every answer is a refused refresh with `body` (no network involved)."""

    def __init__(self, body):
        self.body = body

    def request(self, method, path, **_kwargs) -> Reply:
        return Reply(status=401, headers=CaseInsensitiveDict(), data=self.body, set_cookies=[])


def signed_in_device(tmp_path, refusal) -> JwtAuth:
    store = RefreshTokenStore(tmp_path)
    store.save("a-refresh-token")
    auth = JwtAuth(RefusingRefresh(refusal), store)
    auth.replace_access_token("an-access-token-the-server-just-refused")
    return auth


@pytest.mark.parametrize(
    "code, error, sentence",
    [
        ("signed_out_everywhere", SignedOutElsewhere, SIGNED_OUT_ELSEWHERE),
        ("password_changed", PasswordChanged, "Sign in again with the new password."),
        ("refresh_reused", RefreshReused, "was used twice, which can mean someone copied it"),
        ("user_inactive", AccountDisabled, "This account has been deactivated"),
        ("user_not_found", AccountDeleted, "This account no longer exists"),
        ("family_expired", SignInExpired, "reached its maximum lifetime"),
    ],
)
def test_each_refusal_code_is_its_own_error_and_the_device_forgets_its_tokens(
    tmp_path, code, error, sentence
):
    device = signed_in_device(tmp_path, {"detail": "the server's own words", "code": code})

    with pytest.raises(error) as ended:
        device.recover()

    assert sentence in str(ended.value)
    assert isinstance(ended.value, SignInEnded)
    assert (ended.value.code, ended.value.status) == (code, 401)
    assert not (tmp_path / FILE_NAME).exists()
    assert device.headers_for("GET") == {}  # no access token left to send either


@pytest.mark.parametrize(
    "refusal, said",
    [
        ({"detail": "Token is blacklisted", "code": "token_not_valid"}, "Token is blacklisted"),
        ({"detail": "New reason", "code": "a_code_added_later"}, "New reason"),
        ({"detail": "No code at all"}, "No code at all"),
    ],
)
def test_any_other_refusal_still_asks_to_sign_in_again(tmp_path, refusal, said):
    device = signed_in_device(tmp_path, refusal)

    with pytest.raises(SignInExpired) as ended:
        device.recover()

    assert type(ended.value) is SignInExpired
    assert str(ended.value) == (
        f"Your sign-in has expired or was revoked; please log in again. The server said: {said}"
    )
    assert not (tmp_path / FILE_NAME).exists()


def test_a_draft_keeps_its_key_into_the_next_sign_in_so_it_is_stored_once(live_api, tmp_path):
    title = "stored, answer lost, signed out, saved again"
    losing = {"on": True}

    def plan(method, path):
        return LOSE if losing["on"] and (method, path) == ("POST", "/api/notes/") else PASS

    with faulty_gateway(live_api.base_url, plan) as gateway:
        first = ApiClient(gateway.url, "jwt", str(tmp_path / "first"))
        first.sleep = lambda _seconds: None
        first.login("alice", live_api.password)
        with pytest.raises(ServerError):
            first.create_note(title, "typed once")  # stored, but every answer was lost
        first.logout()  # that sign-in ends with the draft unsaved
        losing["on"] = False

        second = ApiClient(gateway.url, "jwt", str(tmp_path / "second"), drafts=first.drafts)
        second.login("alice", live_api.password)
        second.create_note(title, "typed once")

        keys = [key for method, path, key in gateway.seen if path == "/api/notes/" and key]
        assert len(keys) == 4 and len(set(keys)) == 1  # three sends, then one more: one key
        assert [note["title"] for note in second.list_notes()].count(title) == 1


# --- Against the real API: another device signs the user out everywhere ------------------------


def wait_until_expired(api, access: str) -> None:
    """Return once the server refuses `access` (its own `exp`, no earlier)."""
    deadline = time.monotonic() + REVOCATION_ACCESS_TTL_SECONDS + 15
    while time.monotonic() < deadline:
        me = requests.get(
            f"{api.base_url}/api/auth/me/", headers={"Authorization": f"Bearer {access}"}, timeout=5
        )
        if me.status_code == 401:
            return
        time.sleep(0.2)
    raise AssertionError("the access token was still accepted long after its lifetime")


def test_signed_out_everywhere_a_device_works_until_its_access_token_expires_then_is_told_why(
    revocation_api, tmp_path
):
    log = []
    device = ApiClient(revocation_api.base_url, "jwt", str(tmp_path), on_exchange=log.append)
    device.login("alice", revocation_api.password)
    access = json.loads(log[0].response_body)["access"]
    log.clear()

    ended = sign_out_everywhere(revocation_api.base_url, "alice", revocation_api.password)
    assert ended.status == 204

    # Logging out everywhere ends refresh tokens and sessions; an access token lives on.
    assert device.me()["username"] == "alice"
    assert [(e.method, e.url, e.status) for e in log] == [
        ("GET", f"{revocation_api.base_url}/api/auth/me/", 200)
    ]
    assert ("Authorization", f"Bearer {access}") in log[0].request_headers
    log.clear()

    wait_until_expired(revocation_api, access)
    with pytest.raises(SignedOutElsewhere) as signed_out:
        device.me()

    assert str(signed_out.value) == SIGNED_OUT_ELSEWHERE
    assert signed_out.value.code == "signed_out_everywhere"
    refresh = next(e for e in log if e.url.endswith("/api/auth/jwt/refresh/"))
    assert refresh.status == 401
    assert json.loads(refresh.response_body)["code"] == "signed_out_everywhere"
    assert not (tmp_path / FILE_NAME).exists()
    assert device.resume() is None  # nothing left on the device to resume with
