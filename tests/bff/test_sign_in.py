"""Signing in through the BFF: the browser gets one first-party HttpOnly cookie and never a
token; the API's answers come back through the BFF with the second hop described."""

import uuid

from tests.bff.client import COOKIE, BffClient


def test_login_sets_only_the_bff_cookie_and_shows_no_token(client, bff_api):
    answer = client.login(bff_api.password)
    assert answer.json() == {"username": "alice", "auth": "bff"}
    (cookie,) = answer.all("Set-Cookie")
    attributes = [part.strip().lower() for part in cookie.split(";")]
    assert attributes[0].startswith(f"{COOKIE}=")
    assert {"httponly", "samesite=strict", "path=/bff/"} <= set(attributes)
    assert answer.tokens_seen() == []
    hop = answer.upstream
    assert hop["url"] == f"http://api.localhost:{bff_api.port}/api/auth/jwt/token/"
    assert hop["status"] == 200 and hop["authorization"] is None


def test_wrong_password_is_the_apis_answer_and_no_cookie(client):
    answer = client.post("/bff/login/", {"username": "alice", "password": "wrong"})
    assert answer.status == 400  # the API's own answer to bad credentials, passed through
    assert answer.json()["detail"] == "Invalid username or password."
    assert answer.all("Set-Cookie") == []
    assert client.get("/bff/session/").json() == {"signed_in": False}


def test_me_through_the_bff_is_the_apis_me_with_the_held_bearer(client, bff_api):
    client.login(bff_api.password)
    session = client.get("/bff/session/").json()
    assert session["signed_in"] is True and session["username"] == "alice"
    answer = client.get("/bff/api/auth/me/")
    assert answer.status == 200, answer.body
    me = answer.json()
    assert (me["username"], me["auth"]) == ("alice", "jwt")
    assert answer.header("X-Replica")
    hop = answer.upstream
    assert hop["url"] == f"http://api.localhost:{bff_api.port}/api/auth/me/"
    assert (hop["method"], hop["status"]) == ("GET", 200)
    assert hop["authorization"] == "Bearer (held by the BFF)"
    assert answer.tokens_seen() == []


def test_not_signed_in_is_a_clear_401(client):
    answer = client.get("/bff/api/auth/me/")
    assert answer.status == 401
    assert answer.json()["code"] == "bff_not_signed_in"
    assert answer.upstream is None  # the BFF did not call the API


def test_notes_are_written_and_read_through_the_bff(client, bff_api):
    client.login(bff_api.password, username="bob")
    title = f"via the BFF {uuid.uuid4().hex[:8]}"
    key = f'"{uuid.uuid4()}"'
    created = client.post("/bff/api/notes/", {"title": title}, headers={"Idempotency-Key": key})
    assert created.status == 201, created.body
    # The same key again: the API's stored answer, and its marker, reach the page.
    again = client.post("/bff/api/notes/", {"title": title}, headers={"Idempotency-Key": key})
    assert again.status == 201 and again.header("Idempotent-Replayed") == "true"
    assert again.json()["id"] == created.json()["id"]
    listed = client.get("/bff/api/notes/").json()
    assert [note["title"] for note in listed].count(title) == 1
    deleted = client.request("DELETE", f"/bff/api/notes/{created.json()['id']}/")
    assert deleted.status == 204


def test_each_page_origin_has_its_own_bff_session(bff_web, bff_api):
    cross, same = BffClient(bff_web.port), BffClient(bff_web.port, host="app.lab.localhost")
    cross.login(bff_api.password)
    assert same.get("/bff/session/").json() == {"signed_in": False}
    same.login(bff_api.password, username="bob")
    answer = same.get("/bff/api/auth/me/")
    assert answer.json()["username"] == "bob"
    assert answer.upstream["url"] == f"http://api.lab.localhost:{bff_api.port}/api/auth/me/"
    assert cross.get("/bff/api/auth/me/").json()["username"] == "alice"


def test_the_api_serves_the_same_bff_for_the_same_origin_page(bff_api):
    client = BffClient(bff_api.port, host="api.localhost")
    answer = client.login(bff_api.password)
    assert answer.all("Set-Cookie")[0].startswith(f"{COOKIE}=")
    me = client.get("/bff/api/auth/me/")
    assert me.status == 200 and me.json()["auth"] == "jwt"
    assert me.upstream["url"] == f"http://api.localhost:{bff_api.port}/api/auth/me/"
    assert me.tokens_seen() == []
    assert client.post("/bff/logout/").status == 200
    assert client.get("/bff/api/auth/me/").status == 401


def test_the_bff_never_forwards_to_the_token_endpoints(client, bff_api):
    # Through the BFF, a login at the API would answer the page with a token pair.
    credentials = {"username": "alice", "password": bff_api.password}
    answer = client.post("/bff/api/auth/jwt/token/", credentials)
    assert answer.status == 404 and answer.tokens_seen() == []
    assert answer.upstream is None


def test_the_bff_forwards_nothing_outside_the_api(client, bff_api):
    client.login(bff_api.password)
    for path in ("/bff/api/../bff/session/", "/bff/api/%2e%2e/admin/", "/bff/api/notes//1/"):
        answer = client.get(path)
        assert answer.status == 404, path
        assert answer.upstream is None, path
