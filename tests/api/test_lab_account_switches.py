"""The lab's account switches and its two named authenticators: one access token, judged by
the db authenticator and by the stateless one, while its user is deactivated or deleted."""

from datetime import datetime

import jwt as pyjwt
import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.api.conftest import PASSWORD, jwt_login, sign_in

# Stock and tuned (LAB_TUNING) must answer alike: each test runs both ways.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_tunings")]

ME = "/api/auth/me/"
ME_DB = "/api/lab/me-db/"
ME_STATELESS = "/api/lab/me-stateless/"
DEACTIVATE = "/api/lab/deactivate-me/"
REACTIVATE = "/api/lab/reactivate/"
REFRESH = "/api/auth/jwt/refresh/"


def bearer(access: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {access}"}


def tokens(username="alice") -> dict:
    response = jwt_login(APIClient(), username)
    assert response.status_code == 200, response.content
    return response.json()


def get(path: str, access: str):
    return APIClient().get(path, **bearer(access))


def reactivate(username="alice", password=PASSWORD):
    body = {"username": username, "password": password}
    return APIClient().post(REACTIVATE, body, format="json")


# --- both authenticators in one API -----------------------------------------------------------


@pytest.mark.parametrize(("path", "name"), [(ME_DB, "db"), (ME_STATELESS, "stateless")])
def test_each_lab_me_names_its_authenticator_and_the_tokens_expiry(alice, path, name):
    access = tokens()["access"]
    body = get(path, access).json()
    assert (body["id"], body["username"], body["auth"]) == (alice.id, "alice", "jwt")
    assert body["authenticator"] == name
    assert body["replica"]
    exp = pyjwt.decode(access, options={"verify_signature": False})["exp"]
    assert datetime.fromisoformat(body["expires_at"]).timestamp() == exp


def test_the_stateless_answer_says_nothing_is_consulted_until_expiry(alice):
    access = tokens()["access"]
    body = get(ME_STATELESS, access).json()
    clock = datetime.fromisoformat(body["expires_at"]).strftime("%H:%M:%S")
    assert "nothing on the server is consulted" in body["why"]
    assert clock in body["why"]
    assert "database on every request" in get(ME_DB, access).json()["why"]


@pytest.mark.parametrize("path", [ME_DB, ME_STATELESS])
def test_the_lab_mes_take_bearer_tokens_only(alice, path):
    session = sign_in("session", "alice")
    answer = session.get(path)
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_a_deleted_users_token_db_refuses_stateless_accepts(alice):
    access = tokens()["access"]
    alice.delete()
    refused = get(ME_DB, access)
    assert refused.status_code == 401
    assert refused.json()["code"] == "user_not_found"
    assert get(ME, access).json()["code"] == "user_not_found"  # configured: db
    assert get(ME_STATELESS, access).json()["username"] == "alice"  # until it expires


# --- deactivate-me and reactivate -------------------------------------------------------------


def test_deactivate_me_with_a_bearer_token(alice):
    pair = tokens()
    session = sign_in("session", "alice")
    assert APIClient().post(DEACTIVATE, **bearer(pair["access"])).status_code == 204
    assert session.get(ME).status_code == 401
    assert get(ME_DB, pair["access"]).json()["code"] == "user_inactive"
    assert get(ME_STATELESS, pair["access"]).status_code == 200
    refused = APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json")
    assert refused.json()["code"] == "user_inactive"
    assert jwt_login(APIClient(), "alice").status_code == 400


def test_deactivate_me_with_a_session_needs_the_csrf_token(alice):
    session = sign_in("session", "alice")
    assert session.client.post(DEACTIVATE).status_code == 403
    assert session.post(DEACTIVATE).status_code == 204
    assert session.get(ME).status_code == 401


def test_reactivation_brings_back_what_deactivation_suspended(alice):
    pair = tokens()
    session = sign_in("session", "alice")
    assert session.post(DEACTIVATE).status_code == 204
    assert reactivate().status_code == 204
    # Deactivation revoked nothing: the same session and sign-in work again.
    assert session.get(ME).status_code == 200
    assert get(ME_DB, pair["access"]).status_code == 200
    assert APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json").status_code == 200


def test_reactivate_needs_the_password_and_is_idempotent(alice):
    assert APIClient().post(DEACTIVATE, **bearer(tokens()["access"])).status_code == 204
    wrong = reactivate(password="not it")
    assert wrong.status_code == 400
    assert wrong.json() == {"detail": "Invalid username or password."}
    assert reactivate().status_code == 204
    assert reactivate().status_code == 204


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_reactivate_is_throttled_like_logins(alice):
    statuses = [reactivate(password=f"guess {n}").status_code for n in range(3)]
    assert statuses == [400, 400, 429]


def test_only_demo_users_have_switches(django_user_model):
    django_user_model.objects.create_user("dave", password=PASSWORD)
    answer = APIClient().post(DEACTIVATE, **bearer(tokens("dave")["access"]))
    assert answer.status_code == 403
    assert reactivate("dave").status_code == 403
    assert django_user_model.objects.get(username="dave").is_active


@override_settings(LAB_ACCOUNT_SWITCHES=False)
def test_without_the_lab_switch_both_routes_are_404(alice):
    access = tokens()["access"]
    assert APIClient().post(DEACTIVATE, **bearer(access)).status_code == 404
    assert APIClient().post(DEACTIVATE).status_code == 404
    assert reactivate().status_code == 404
    assert get(ME_DB, access).status_code == 200


def test_deactivate_me_needs_credentials(alice):
    assert APIClient().post(DEACTIVATE).status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/auth/me/", None),
        ("get", "/api/notes/", None),
        ("post", "/api/notes/", {"title": "t"}),
        ("get", "/api/notes/1/", None),
        ("patch", "/api/notes/1/", {"title": "u"}),
        ("delete", "/api/notes/1/", None),
        ("get", ME_DB, None),
        ("post", "/api/auth/password/", {"old_password": PASSWORD, "new_password": "x"}),
        ("post", "/api/auth/logout-all/", None),
        ("post", DEACTIVATE, None),
    ],
)
def test_a_deleted_users_token_is_a_401_on_the_db_authenticator(alice, method, path, body):
    access = tokens()["access"]
    alice.delete()
    answer = getattr(APIClient(), method)(path, body, format="json", **bearer(access))
    assert answer.status_code == 401
    assert answer.json()["code"] == "user_not_found"
