"""Revocation against a real server (gunicorn, its own database of the suite's kind): refresh
races with real threads, a sign-in's absolute end in real time, and a deleted or deactivated
user under JWT_AUTHENTICATOR=stateless."""

import threading
import time

import jwt as pyjwt
import pytest
import requests

from tests.support.live_api import run_manage, start_api

N_PARALLEL = 8  # the server's threads (start_api's default): all can be in flight at once
ROUNDS = 3
TIMEOUT = 30
FAMILY_TTL_SECONDS = 3  # long enough to rotate once on a loaded machine, short to wait out


def login(api, username="alice", password=None) -> dict:
    body = {"username": username, "password": password or api.password}
    response = requests.post(f"{api.base_url}/api/auth/jwt/token/", json=body, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()


def refresh(api, token: str, session=requests):
    return session.post(
        f"{api.base_url}/api/auth/jwt/refresh/", json={"refresh": token}, timeout=TIMEOUT
    )


def bearer(access: str) -> dict:
    return {"Authorization": f"Bearer {access}"}


def code(response) -> str | None:
    return response.json().get("code")


def users(api, statement: str) -> None:
    """Run `statement` on the server's database, with `User` the user model."""
    code_text = f"from django.contrib.auth.models import User; {statement}"
    done = run_manage("shell", "-c", code_text, env=api.env)
    assert done.returncode == 0, done.stderr


def simultaneous_refreshes(api, token: str, count: int) -> list[requests.Response]:
    """`count` refreshes of one token from `count` threads, each on its own open connection,
    released together by a barrier."""
    sessions = [requests.Session() for _ in range(count)]
    for session in sessions:  # connect first, so the race is the requests, not the handshakes
        assert session.get(f"{api.base_url}/api/health/", timeout=TIMEOUT).status_code == 200
    barrier = threading.Barrier(count)
    answers: list = [None] * count

    def run(index: int) -> None:
        barrier.wait(timeout=TIMEOUT)
        answers[index] = refresh(api, token, sessions[index])

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * TIMEOUT)
    for session in sessions:
        session.close()
    assert all(answer is not None for answer in answers), "a refresh never came back"
    return answers


# --- the race ---------------------------------------------------------------------------------


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_of_simultaneous_refreshes_with_one_token_exactly_one_gets_a_new_pair(
    live_api, round_number
):
    token = login(live_api)["refresh"]
    answers = simultaneous_refreshes(live_api, token, N_PARALLEL)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [401] * (N_PARALLEL - 1), [a.text for a in answers]
    assert {code(a) for a in answers if a.status_code == 401} == {"refresh_reused"}
    # The others were reuse: the family is revoked, the winner's new token with it.
    winner = next(a for a in answers if a.status_code == 200).json()
    assert code(refresh(live_api, winner["refresh"])) == "refresh_reused"


# --- the absolute end of a sign-in, in real time ----------------------------------------------


@pytest.fixture(scope="module")
def short_family_api():
    env = {
        "JWT_REFRESH_FAMILY_TTL_SECONDS": str(FAMILY_TTL_SECONDS),
        "JWT_LEEWAY_SECONDS": "0",
    }
    with start_api(env=env) as api:
        yield api


def test_a_sign_in_ends_at_its_absolute_lifetime_however_often_it_rotates(short_family_api):
    api = short_family_api
    token = login(api)["refresh"]
    end = pyjwt.decode(token, options={"verify_signature": False})["family_exp"]
    rotated = refresh(api, token)
    assert rotated.status_code == 200, rotated.text
    token = rotated.json()["refresh"]
    assert pyjwt.decode(token, options={"verify_signature": False})["exp"] == end
    wait = end + 0.2 - time.time()
    assert wait < FAMILY_TTL_SECONDS + 1
    time.sleep(max(wait, 0))
    refused = refresh(api, token)
    assert refused.status_code == 401
    assert code(refused) == "family_expired"
    verify = requests.post(f"{api.base_url}/api/auth/jwt/verify/", json={"token": token})
    assert code(verify) == "family_expired"
    assert refresh(api, login(api)["refresh"]).status_code == 200  # a new sign-in, a new end


# --- JWT_AUTHENTICATOR=stateless: what it accepts by design, and where it cannot -------------


@pytest.fixture(scope="module")
def stateless_api():
    with start_api(env={"JWT_AUTHENTICATOR": "stateless"}) as api:
        yield api


def every_endpoint(api, pair: dict) -> dict[str, requests.Response]:
    """One request to each endpoint a token can reach, with this user's credentials."""
    url, auth = api.base_url, bearer(pair["access"])
    calls = {
        "me": ("get", "/api/auth/me/", None),
        "notes": ("get", "/api/notes/", None),
        "note create": ("post", "/api/notes/", {"title": "t"}),
        "note read": ("get", "/api/notes/1/", None),
        "note update": ("patch", "/api/notes/1/", {"title": "u"}),
        "note delete": ("delete", "/api/notes/1/", None),
        "me-db": ("get", "/api/lab/me-db/", None),
        "me-stateless": ("get", "/api/lab/me-stateless/", None),
        "echo": ("get", "/api/lab/echo/", None),
        "password": ("post", "/api/auth/password/", {"old_password": "x", "new_password": "y"}),
        "logout-all": ("post", "/api/auth/logout-all/", None),
        "deactivate-me": ("post", "/api/lab/deactivate-me/", None),
    }
    answers = {
        name: requests.request(method, url + path, json=body, headers=auth, timeout=TIMEOUT)
        for name, (method, path, body) in calls.items()
    }
    keyed = {**auth, "Idempotency-Key": '"live-key-1"'}
    answers["note create (keyed)"] = requests.post(
        f"{url}/api/notes/", json={"title": "t"}, headers=keyed, timeout=TIMEOUT
    )
    for name, path, body in (
        ("refresh", "/api/auth/jwt/refresh/", {"refresh": pair["refresh"]}),
        ("verify", "/api/auth/jwt/verify/", {"token": pair["refresh"]}),
        ("logout", "/api/auth/jwt/logout/", {"refresh": pair["refresh"]}),
    ):
        answers[name] = requests.post(url + path, json=body, timeout=TIMEOUT)
    return answers


def test_a_deleted_users_token_never_produces_a_500(stateless_api):
    api = stateless_api
    users(api, "User.objects.create_user('dave', password='pw-of-dave')")
    pair = login(api, "dave", "pw-of-dave")
    users(api, "User.objects.filter(username='dave').delete()")
    answers = every_endpoint(api, pair)
    assert {name: a.status_code for name, a in answers.items() if a.status_code >= 500} == {}
    # Accepted by design until it expires: the stateless authenticator reads no row.
    assert answers["me"].json()["username"] == "dave"
    assert answers["me-stateless"].status_code == 200
    assert answers["notes"].json() == []
    # Refused where the rules read the row, with a 401 that says why.
    for name in ("note create", "note create (keyed)", "me-db", "password", "logout-all",
                 "deactivate-me", "refresh", "verify", "logout"):  # fmt: skip
        assert answers[name].status_code == 401, (name, answers[name].text)
        assert code(answers[name]) == "user_not_found", name
    assert "no longer exists" in answers["note create"].json()["detail"]


def test_a_deactivated_user_keeps_read_and_write_access_on_the_stateless_authenticator(
    stateless_api,
):
    api = stateless_api
    pair = login(api)
    assert (
        requests.post(
            f"{api.base_url}/api/lab/deactivate-me/",
            headers=bearer(pair["access"]),
            timeout=TIMEOUT,
        ).status_code
        == 204
    )
    try:
        me = requests.get(f"{api.base_url}/api/auth/me/", headers=bearer(pair["access"]))
        assert me.status_code == 200  # the demonstration: until the access token expires
        note = requests.post(
            f"{api.base_url}/api/notes/", json={"title": "still"}, headers=bearer(pair["access"])
        )
        assert note.status_code == 201
        me_db = requests.get(f"{api.base_url}/api/lab/me-db/", headers=bearer(pair["access"]))
        assert code(me_db) == "user_inactive"
        assert code(refresh(api, pair["refresh"])) == "user_inactive"
    finally:
        body = {"username": "alice", "password": api.password}
        reactivated = requests.post(f"{api.base_url}/api/lab/reactivate/", json=body)
        assert reactivated.status_code == 204


def test_a_password_change_leaves_the_stateless_authenticator_accepting_old_tokens(
    stateless_api,
):
    api = stateless_api
    users(api, "User.objects.create_user('erin', password='pw-one')")
    old = login(api, "erin", "pw-one")
    changed = requests.post(
        f"{api.base_url}/api/auth/password/",
        json={"old_password": "pw-one", "new_password": "pw-two"},
        headers=bearer(old["access"]),
        timeout=TIMEOUT,
    )
    assert changed.status_code == 204
    assert requests.get(f"{api.base_url}/api/auth/me/", headers=bearer(old["access"])).ok
    me_db = requests.get(f"{api.base_url}/api/lab/me-db/", headers=bearer(old["access"]))
    assert code(me_db) == "password_changed"
    assert code(refresh(api, old["refresh"])) == "password_changed"
