"""/me and notes through either credential; CSRF for cookies only; no cross-user access."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

NOTES = "/api/notes/"


def note_url(note_id) -> str:
    return f"{NOTES}{note_id}/"


def test_me_names_the_user_and_the_credential(as_alice, mode, alice):
    body = as_alice.get("/api/auth/me/").json()
    assert body["username"] == "alice"
    assert body["id"] == alice.id
    assert body["auth"] == mode
    assert body["replica"]


def test_me_without_credentials_is_401_with_www_authenticate():
    response = APIClient().get("/api/auth/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_notes_round_trip(as_alice):
    created = as_alice.post(NOTES, {"title": "groceries", "text": "eggs"})
    assert created.status_code == 201
    note = created.json()
    assert set(note) == {"id", "title", "text", "created_at", "updated_at"}
    assert as_alice.get(note_url(note["id"])).json()["text"] == "eggs"
    patched = as_alice.patch(note_url(note["id"]), {"text": "eggs, milk"})
    assert patched.status_code == 200
    assert patched.json()["title"] == "groceries"
    put = as_alice.put(note_url(note["id"]), {"title": "shopping", "text": ""})
    assert put.json()["title"] == "shopping"
    assert [n["id"] for n in as_alice.get(NOTES).json()] == [note["id"]]
    assert as_alice.delete(note_url(note["id"])).status_code == 204
    assert as_alice.get(note_url(note["id"])).status_code == 404


def test_put_needs_the_title(as_alice):
    note = as_alice.post(NOTES, {"title": "a"}).json()
    response = as_alice.put(note_url(note["id"]), {"text": "no title"})
    assert response.status_code == 400
    assert "title" in response.json()


@pytest.mark.parametrize(
    ("field", "limit"), [("title", 200), ("text", 10_000)], ids=["title", "text"]
)
def test_length_limits(as_alice, field, limit):
    base = {"title": "t", "text": ""}
    assert as_alice.post(NOTES, {**base, field: "x" * limit}).status_code == 201
    too_long = as_alice.post(NOTES, {**base, field: "x" * (limit + 1)})
    assert too_long.status_code == 400
    assert field in too_long.json()


def test_owner_fields_in_the_body_are_ignored(as_alice, bob):
    response = as_alice.post(NOTES, {"title": "mine", "owner": bob.id, "owner_id": bob.id})
    assert response.status_code == 201
    from backend.notes.models import Note

    assert Note.objects.get(pk=response.json()["id"]).owner.username == "alice"


def test_another_users_note_is_404_and_stays_unchanged(mode, alice, bob):
    from tests.api.conftest import sign_in

    as_alice, as_bob = sign_in(mode, "alice"), sign_in(mode, "bob")
    note = as_alice.post(NOTES, {"title": "private", "text": "secret"}).json()
    url = note_url(note["id"])
    assert as_bob.get(url).status_code == 404
    assert as_bob.patch(url, {"text": "pwned"}).status_code == 404
    assert as_bob.put(url, {"title": "pwned"}).status_code == 404
    assert as_bob.delete(url).status_code == 404
    assert note["id"] not in [n["id"] for n in as_bob.get(NOTES).json()]
    unchanged = as_alice.get(url).json()
    assert (unchanged["title"], unchanged["text"]) == ("private", "secret")


def test_unauthenticated_notes_are_refused():
    assert APIClient().get(NOTES).status_code == 401
    assert APIClient().post(NOTES, {"title": "x"}, format="json").status_code == 401


# --- CSRF: cookies need it on unsafe requests, bearer tokens do not ---------------------------


@pytest.fixture
def session_alice(alice):
    from tests.api.conftest import sign_in

    return sign_in("session", "alice")


def test_session_write_without_csrf_token_is_refused(session_alice):
    response = session_alice.client.post(NOTES, {"title": "x"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_session_write_with_wrong_csrf_token_is_refused(session_alice):
    response = session_alice.client.post(
        NOTES, {"title": "x"}, format="json", HTTP_X_CSRFTOKEN="y" * 64
    )
    assert response.status_code == 403


def test_session_write_from_a_foreign_origin_is_refused(session_alice):
    response = session_alice.client.post(
        NOTES,
        {"title": "x"},
        format="json",
        HTTP_X_CSRFTOKEN=session_alice.csrf_token,
        HTTP_ORIGIN="http://app.localhost.evil.test",
    )
    assert response.status_code == 403


@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_every_unsafe_session_method_needs_the_token(session_alice, method):
    note = session_alice.post(NOTES, {"title": "x"}).json()
    call = getattr(session_alice.client, method)
    response = call(note_url(note["id"]), {"title": "y"}, format="json")
    assert response.status_code == 403


def test_bearer_write_needs_no_csrf_token(alice):
    from tests.api.conftest import sign_in

    as_jwt = sign_in("jwt", "alice")
    client = APIClient(enforce_csrf_checks=True)
    response = client.post(
        NOTES,
        {"title": "no csrf"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {as_jwt.tokens['access']}",
        HTTP_ORIGIN="http://anywhere.example",
    )
    assert response.status_code == 201
