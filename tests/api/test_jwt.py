"""JWT flow and the attacks a bearer-token API must refuse."""

import base64
import json
import logging
import time

import jwt as pyjwt
import pytest
from django.apps import apps
from django.conf import settings
from rest_framework.test import APIClient

from tests.api.conftest import PASSWORD, jwt_login

# Stock and tuned (LAB_TUNING) must answer alike: each test runs both ways.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_tunings")]

ME = "/api/auth/me/"
REFRESH = "/api/auth/jwt/refresh/"
VERIFY = "/api/auth/jwt/verify/"
LOGOUT = "/api/auth/jwt/logout/"


def me_with(token: str):
    return APIClient().get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_of(token: str) -> dict:
    return pyjwt.decode(token, options={"verify_signature": False})


def forge(claims: dict, *, key: str | None = None, headers: dict | None = None) -> str:
    jwt_settings = settings.SIMPLE_JWT
    return pyjwt.encode(
        claims, key or jwt_settings["SIGNING_KEY"], algorithm="HS256", headers=headers
    )


@pytest.fixture
def pair(alice):
    response = jwt_login(APIClient(), "alice")
    assert response.status_code == 200
    return response.json()


def test_token_pair_works_and_is_not_cacheable(pair):
    assert me_with(pair["access"]).json()["auth"] == "jwt"
    response = jwt_login(APIClient(), "alice")
    assert "no-store" in response["Cache-Control"]


def test_access_token_names_the_user_and_audience(pair, alice):
    claims = claims_of(pair["access"])
    assert claims["username"] == "alice"
    assert str(claims["user_id"]) == str(alice.id)
    assert claims["aud"] == settings.SIMPLE_JWT["AUDIENCE"]
    assert claims["iss"] == settings.SIMPLE_JWT["ISSUER"]
    # Five minutes; simplejwt floors `exp` and `iat` from two clock readings, which can
    # straddle a second boundary.
    assert 299 <= claims["exp"] - claims["iat"] <= 300


def test_signing_key_is_not_the_secret_key():
    assert settings.SIMPLE_JWT["SIGNING_KEY"] != settings.SECRET_KEY


def test_failed_token_request_looks_like_failed_session_login(alice):
    wrong = jwt_login(APIClient(), "alice", password="nope")
    unknown = jwt_login(APIClient(), "mallory", password="nope")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json() == {"detail": "Invalid username or password."}


def test_refresh_rotates_and_the_used_refresh_token_is_refused(pair):
    first = APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json")
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    rotated = first.json()
    assert rotated["refresh"] != pair["refresh"]
    assert me_with(rotated["access"]).status_code == 200
    reuse = APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json")
    assert reuse.status_code == 401
    assert reuse.json()["code"] == "refresh_reused"
    # The reuse ended the whole sign-in: the new token is refused too (test_refresh_families.py).
    again = APIClient().post(REFRESH, {"refresh": rotated["refresh"]}, format="json")
    assert again.json()["code"] == "refresh_reused"


def test_blacklist_app_is_installed_so_rotation_really_revokes():
    # simplejwt silently skips blacklisting when the app is missing.
    assert apps.is_installed("rest_framework_simplejwt.token_blacklist")


def test_logout_makes_the_refresh_token_useless(pair):
    response = APIClient().post(LOGOUT, {"refresh": pair["refresh"]}, format="json")
    assert response.status_code == 204
    refused = APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json")
    assert refused.status_code == 401
    verify = APIClient().post(VERIFY, {"token": pair["refresh"]}, format="json")
    assert verify.status_code == 401


def test_verify(pair):
    assert APIClient().post(VERIFY, {"token": pair["access"]}, format="json").status_code == 200
    tampered = pair["access"][:-3] + ("AAA" if not pair["access"].endswith("AAA") else "BBB")
    assert APIClient().post(VERIFY, {"token": tampered}, format="json").status_code == 401


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
def test_unsigned_tokens_are_refused(pair, alg):
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims_of(pair["access"])).encode())
    for token in (f"{header}.{payload}.", f"{header}.{payload}"):
        assert me_with(token).status_code == 401


def test_tampered_payload_with_the_old_signature_is_refused(pair, bob):
    header, _, signature = pair["access"].split(".")
    claims = {**claims_of(pair["access"]), "user_id": str(bob.id), "username": "bob"}
    forged = f"{header}.{b64(json.dumps(claims).encode())}.{signature}"
    assert me_with(forged).status_code == 401


def test_token_signed_with_another_key_is_refused(pair):
    assert me_with(forge(claims_of(pair["access"]), key="another-key" * 4)).status_code == 401


def test_token_signed_with_the_django_secret_key_is_refused(pair):
    assert me_with(forge(claims_of(pair["access"]), key=settings.SECRET_KEY)).status_code == 401


def test_expired_token_is_refused(pair):
    now = int(time.time())
    claims = {**claims_of(pair["access"]), "iat": now - 600, "exp": now - 60}
    response = me_with(forge(claims))
    assert response.status_code == 401
    assert "expired" in json.dumps(response.json()).lower()


def test_token_within_leeway_is_accepted(pair):
    now = int(time.time())
    claims = {**claims_of(pair["access"]), "exp": now - 2}
    assert me_with(forge(claims)).status_code == 200


@pytest.mark.parametrize("claim", ["iat", "nbf"])
def test_token_from_the_future_is_refused(pair, claim):
    claims = {**claims_of(pair["access"]), claim: int(time.time()) + 3600}
    assert me_with(forge(claims)).status_code == 401


@pytest.mark.parametrize(("claim", "value"), [("aud", "another-api"), ("iss", "someone-else")])
def test_wrong_audience_or_issuer_is_refused(pair, claim, value):
    claims = {**claims_of(pair["access"]), claim: value}
    assert me_with(forge(claims)).status_code == 401


@pytest.mark.parametrize("claim", ["aud", "iss"])
def test_missing_audience_or_issuer_is_refused(pair, claim):
    claims = claims_of(pair["access"])
    del claims[claim]
    assert me_with(forge(claims)).status_code == 401


def test_refresh_token_is_not_an_access_token(pair):
    assert me_with(pair["refresh"]).status_code == 401


def test_access_token_cannot_be_refreshed(pair):
    response = APIClient().post(REFRESH, {"refresh": pair["access"]}, format="json")
    assert response.status_code == 401


def test_inactive_user_cannot_obtain_tokens(carol_inactive):
    assert jwt_login(APIClient(), "carol").status_code == 400


def test_deactivated_user_cannot_refresh_or_use_access(pair, alice):
    alice.is_active = False
    alice.save()
    assert APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json").status_code == 401
    assert me_with(pair["access"]).status_code == 401


def test_deleted_user_refresh_is_a_401_not_a_500(pair, alice):
    alice.delete()
    assert APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json").status_code == 401


def test_bearer_request_without_token_value_is_refused(alice):
    response = APIClient().get(ME, HTTP_AUTHORIZATION="Bearer")
    assert response.status_code == 401


def test_neither_the_password_nor_its_hash_leaves_the_login(alice, caplog):
    caplog.set_level(logging.DEBUG)
    response = jwt_login(APIClient(), "alice")  # sends the real password
    assert response.status_code == 200
    tokens = response.json()
    decoded = [
        json.dumps([pyjwt.get_unverified_header(token), claims_of(token)])
        for token in (tokens["access"], tokens["refresh"])
    ]
    said = "\n".join(
        [
            *(f"{name}: {value}" for name, value in response.items()),
            response.content.decode(),
            *decoded,
            caplog.text,
        ]
    )
    alice.refresh_from_db()
    # The stored hash, and its salt and digest on their own ("algorithm$salt$digest").
    hash_parts = [part for part in alice.password.split("$") if len(part) >= 8]
    assert len(hash_parts) >= 2
    for secret in (PASSWORD, alice.password, *hash_parts):
        assert secret not in said
