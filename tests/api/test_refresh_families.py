"""Refresh-token families: a used token that comes back ends the whole sign-in; a sign-in ends
a fixed time after its login, however often it rotates (RFC 9700 §2.2.2, §4.14.2)."""

import time

import jwt as pyjwt
import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from backend.authentication.models import RefreshFamily
from tests.api.conftest import jwt_login

# Stock and tuned (LAB_TUNING) must answer alike: each test runs both ways.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_tunings")]

REFRESH = "/api/auth/jwt/refresh/"
VERIFY = "/api/auth/jwt/verify/"
LOGOUT = "/api/auth/jwt/logout/"
REUSED_DETAIL = (
    "This sign-in was ended because a refresh token that had already been used came back "
    "(possible theft). Sign in again."
)


def refresh(token: str):
    return APIClient().post(REFRESH, {"refresh": token}, format="json")


def verify(token: str):
    return APIClient().post(VERIFY, {"token": token}, format="json")


def logout(token: str):
    return APIClient().post(LOGOUT, {"refresh": token}, format="json")


def claims(token: str) -> dict:
    return pyjwt.decode(token, options={"verify_signature": False})


def sign(payload: dict) -> str:
    return pyjwt.encode(payload, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")


def new_sign_in(username="alice") -> dict:
    response = jwt_login(APIClient(), username)
    assert response.status_code == 200, response.content
    return response.json()


def refused_with(response, code: str) -> bool:
    return response.status_code == 401 and response.json()["code"] == code


# --- one family per login ---------------------------------------------------------------------


def test_a_login_starts_a_family_and_rotation_keeps_it(alice):
    first, second = new_sign_in(), new_sign_in()
    rotated = refresh(first["refresh"])
    assert rotated.status_code == 200
    family = claims(first["refresh"])["family"]
    assert claims(rotated.json()["refresh"])["family"] == family
    assert claims(second["refresh"])["family"] != family
    assert RefreshFamily.objects.filter(user=alice).count() == 2


def test_access_tokens_do_not_carry_the_family(alice):
    pair = new_sign_in()
    assert "family" not in claims(pair["access"])
    assert "family_exp" not in claims(pair["access"])


# --- reuse revokes the whole family -----------------------------------------------------------


def test_attacker_refreshes_first_then_the_victims_reuse_ends_the_attackers_chain(alice):
    stolen = new_sign_in()["refresh"]  # the victim's token, copied by the attacker
    attacker = refresh(stolen)
    assert attacker.status_code == 200
    victim = refresh(stolen)  # the real user's app, still holding the old token
    assert refused_with(victim, "refresh_reused")
    assert victim.json()["detail"] == REUSED_DETAIL
    assert refused_with(refresh(attacker.json()["refresh"]), "refresh_reused")


def test_victim_refreshes_first_then_the_attackers_reuse_ends_the_victims_chain_too(alice):
    stolen = new_sign_in()["refresh"]
    victim = refresh(stolen)
    assert victim.status_code == 200
    assert refused_with(refresh(stolen), "refresh_reused")  # the attacker, late
    # The server cannot tell who is who: the legitimate holder's next refresh fails too.
    assert refused_with(refresh(victim.json()["refresh"]), "refresh_reused")


def test_every_later_use_of_a_revoked_family_answers_refresh_reused(alice):
    tokens = [new_sign_in()["refresh"]]
    for _ in range(3):
        tokens.append(refresh(tokens[-1]).json()["refresh"])
    assert refused_with(refresh(tokens[1]), "refresh_reused")
    for token in tokens:
        assert refused_with(refresh(token), "refresh_reused")
        assert refused_with(verify(token), "refresh_reused")


def test_a_logged_out_refresh_token_that_comes_back_is_a_reuse(alice):
    token = new_sign_in()["refresh"]
    assert logout(token).status_code == 204
    assert refused_with(refresh(token), "refresh_reused")


def test_logging_out_with_an_already_rotated_token_ends_the_newer_one(alice):
    stolen = new_sign_in()["refresh"]
    attacker = refresh(stolen).json()["refresh"]
    # The victim presses "log out" with the token the app still holds.
    assert refused_with(logout(stolen), "refresh_reused")
    assert refused_with(refresh(attacker), "refresh_reused")


def test_reuse_ends_only_its_own_sign_in(alice):
    phone, laptop = new_sign_in(), new_sign_in()
    refresh(phone["refresh"])
    assert refused_with(refresh(phone["refresh"]), "refresh_reused")
    assert refresh(laptop["refresh"]).status_code == 200


def test_the_first_reason_sticks(alice):
    token = new_sign_in()["refresh"]
    rotated = refresh(token).json()["refresh"]
    response = APIClient().post(
        "/api/auth/logout-all/", HTTP_AUTHORIZATION=f"Bearer {new_sign_in()['access']}"
    )
    assert response.status_code == 204
    # A reuse after the family ended does not relabel it.
    assert refused_with(refresh(token), "signed_out_everywhere")
    assert refused_with(refresh(rotated), "signed_out_everywhere")


def test_verify_answers_200_for_a_live_refresh_token_and_does_not_rotate(alice):
    token = new_sign_in()["refresh"]
    assert verify(token).status_code == 200
    assert verify(token).status_code == 200
    assert refresh(token).status_code == 200


def test_verify_of_a_rotated_token_does_not_end_the_sign_in(alice):
    token = new_sign_in()["refresh"]
    rotated = refresh(token).json()["refresh"]
    assert verify(token).status_code == 401  # simplejwt: blacklisted
    assert refresh(rotated).status_code == 200


# --- the user behind the family ---------------------------------------------------------------


def test_a_deactivated_users_refresh_is_refused_and_comes_back_on_reactivation(alice):
    token = new_sign_in()["refresh"]
    alice.is_active = False
    alice.save()
    assert refused_with(refresh(token), "user_inactive")
    assert refused_with(verify(token), "user_inactive")
    alice.is_active = True
    alice.save()
    # Deactivation is a switch read on every use, not a revocation.
    assert refresh(token).status_code == 200


def test_a_deleted_users_refresh_is_refused_with_user_not_found(alice):
    token = new_sign_in()["refresh"]
    alice.delete()
    assert refused_with(refresh(token), "user_not_found")
    assert refused_with(verify(token), "user_not_found")
    assert refused_with(logout(token), "user_not_found")


def test_a_refresh_token_from_before_families_is_refused(alice):
    legacy = str(RefreshToken.for_user(alice))  # signed by us, but no family claim
    response = refresh(legacy)
    assert refused_with(response, "token_not_valid")
    assert "Sign in again" in response.json()["detail"]


# --- absolute lifetime ------------------------------------------------------------------------


@override_settings(JWT_REFRESH_FAMILY_TTL_SECONDS=120)
def test_rotation_never_extends_past_the_end_of_the_family(alice):
    # JWT_REFRESH_TTL_SECONDS is a day: without the family's end each rotation would push
    # exp a day further.
    first = claims(new_sign_in()["refresh"])
    assert first["family_exp"] - first["iat"] in (119, 120)  # two clock readings, floored
    assert first["exp"] == first["family_exp"]
    token = new_sign_in()["refresh"]
    ends = {claims(token)["family_exp"]}
    for _ in range(3):
        token = refresh(token).json()["refresh"]
        rotated = claims(token)
        assert rotated["exp"] == rotated["family_exp"]
        ends.add(rotated["family_exp"])
    assert len(ends) == 1
    row = RefreshFamily.objects.get(pk=claims(token)["family"])
    assert int(row.expires_at.timestamp()) == ends.pop()


def test_a_refresh_token_lives_its_own_lifetime_inside_a_longer_family(alice):
    token = claims(new_sign_in()["refresh"])
    assert token["exp"] - token["iat"] in (86399, 86400)
    assert token["family_exp"] - token["iat"] in (7 * 86400 - 1, 7 * 86400)


def test_a_family_whose_end_has_passed_is_refused(alice):
    token = new_sign_in()["refresh"]
    RefreshFamily.objects.filter(pk=claims(token)["family"]).update(expires_at="2000-01-01T00:00Z")
    assert refused_with(refresh(token), "family_expired")
    assert refused_with(verify(token), "family_expired")


def test_an_expired_token_of_an_ended_family_says_family_expired(alice):
    now = int(time.time())
    ended = {**claims(new_sign_in()["refresh"]), "exp": now - 60, "family_exp": now - 60}
    assert refused_with(refresh(sign(ended)), "family_expired")
    assert refused_with(verify(sign(ended)), "family_expired")


def test_an_expired_token_of_a_live_family_is_just_expired(alice):
    now = int(time.time())
    expired = {**claims(new_sign_in()["refresh"]), "exp": now - 60}
    response = refresh(sign(expired))
    assert refused_with(response, "token_not_valid")
    assert "expired" in response.json()["detail"].lower()


def test_an_expired_token_signed_by_someone_else_is_not_labelled(alice):
    now = int(time.time())
    ended = {**claims(new_sign_in()["refresh"]), "exp": now - 60, "family_exp": now - 60}
    forged = pyjwt.encode(ended, "another-key-of-at-least-32-bytes!!", algorithm="HS256")
    assert refused_with(refresh(forged), "token_not_valid")
