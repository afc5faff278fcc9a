"""POST /api/notes/ with an Idempotency-Key: a repeat never creates a second note.

The first answer for a key is kept per user and replayed; the same key with another body is a
422; a repeat while the first request still runs is a 409 (against a live server whose first
request the test holds inside its transaction); malformed keys are a 400.
"""

import json
import os
import threading
import uuid
from datetime import timedelta

import pytest
import requests
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from backend.notes.idempotency import IdempotencyKeyInProgress, fingerprint
from backend.notes.models import IdempotencyRecord, Note
from backend.notes.services import NOTE_CREATE, note_create_once
from tests.api.conftest import sign_in
from tests.support import held_notes
from tests.support.live_api import start_api

NOTES = "/api/notes/"
REPLAYED = "Idempotent-Replayed"


def new_key() -> str:
    return f'"{uuid.uuid4()}"'


def create(signed_in, body: dict, key: str | None):
    headers = {} if key is None else {"Idempotency-Key": key}
    return signed_in.client.post(
        NOTES, body, format="json", headers=headers, **signed_in._headers()
    )


def titles_of(owner) -> list[str]:
    return list(Note.objects.filter(owner=owner).values_list("title", flat=True))


@pytest.mark.django_db
def test_a_repeat_gets_the_first_answer_back_and_creates_nothing(as_alice, alice):
    key = new_key()
    first = create(as_alice, {"title": "once", "text": "only once"}, key)
    again = create(as_alice, {"title": "once", "text": "only once"}, key)

    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert REPLAYED not in first
    assert again[REPLAYED] == "true"
    assert titles_of(alice) == ["once"]


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_a_422(as_alice, alice):
    key = new_key()
    create(as_alice, {"title": "groceries", "text": "eggs"}, key)
    reused = create(as_alice, {"title": "groceries", "text": "eggs, milk"}, key)

    assert reused.status_code == 422
    assert "different body" in reused.json()["detail"]
    assert titles_of(alice) == ["groceries"]


@pytest.mark.django_db
def test_an_omitted_text_and_an_empty_text_are_the_same_request(as_alice, alice):
    key = new_key()
    create(as_alice, {"title": "t"}, key)
    again = create(as_alice, {"title": "t", "text": ""}, key)

    assert again.status_code == 201
    assert again[REPLAYED] == "true"
    assert titles_of(alice) == ["t"]


@pytest.mark.django_db
def test_keys_belong_to_their_user(mode, alice, bob):
    as_alice, as_bob = sign_in(mode, "alice"), sign_in(mode, "bob")
    key = new_key()
    for_alice = create(as_alice, {"title": "alice's"}, key)
    for_bob = create(as_bob, {"title": "bob's"}, key)

    assert for_bob.status_code == 201
    assert REPLAYED not in for_bob
    assert for_bob.json()["id"] != for_alice.json()["id"]
    assert (titles_of(alice), titles_of(bob)) == (["alice's"], ["bob's"])


@pytest.mark.django_db
def test_without_a_key_every_post_creates_a_note(as_alice, alice):
    create(as_alice, {"title": "same"}, None)
    create(as_alice, {"title": "same"}, None)

    assert titles_of(alice) == ["same", "same"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        "8e03978e-40d5-43e8-bc93-6894a57f9324",  # a token, not a quoted string
        '""',
        '"' + "k" * 256 + '"',
        '"caf\u00e9"',
        '"tab\there"',
        '"a", "b"',  # two keys (two header fields arrive joined like this)
        '"a";expires=1',  # parameters
        '"bad \\n escape"',
        '"unterminated',
    ],
    ids=[
        "unquoted",
        "empty",
        "too-long",
        "non-ascii",
        "control",
        "two",
        "params",
        "escape",
        "open",
    ],
)
def test_a_malformed_key_is_a_400_and_creates_nothing(as_alice, alice, header):
    refused = create(as_alice, {"title": "t"}, header)

    assert refused.status_code == 400
    assert "Idempotency-Key must be one quoted string" in refused.json()["detail"]
    assert titles_of(alice) == []


@pytest.mark.django_db
@pytest.mark.parametrize("header", ['"' + "k" * 255 + '"', '"say \\"hi\\" \\\\ ok"', '" x "'])
def test_every_sf_string_of_up_to_255_characters_is_a_key(as_alice, alice, header):
    assert create(as_alice, {"title": "t"}, header).status_code == 201
    assert create(as_alice, {"title": "t"}, header)[REPLAYED] == "true"
    assert titles_of(alice) == ["t"]


def stale_claim(owner, key: str, *, lease_left: timedelta, body: dict) -> IdempotencyRecord:
    """The in-progress record a request leaves when its process dies before finishing."""
    now = timezone.now()
    return IdempotencyRecord.objects.create(
        owner=owner,
        key=key,
        fingerprint=fingerprint(NOTE_CREATE, body),
        lease_token="killed-process",
        lease_expires_at=now + lease_left,
        expires_at=now + timedelta(hours=24),
    )


@pytest.mark.django_db
def test_a_key_left_by_a_killed_request_is_taken_over_when_its_lease_ends(as_alice, alice):
    body = {"title": "after the crash", "text": ""}
    stale_claim(alice, "k1", lease_left=timedelta(seconds=-1), body=body)

    retried = create(as_alice, body, '"k1"')
    again = create(as_alice, body, '"k1"')

    assert retried.status_code == 201
    assert REPLAYED not in retried
    assert again[REPLAYED] == "true"
    assert titles_of(alice) == ["after the crash"]


@pytest.mark.django_db
def test_a_key_whose_lease_runs_is_a_409_saying_when_to_retry(as_alice, alice):
    body = {"title": "in flight", "text": ""}
    stale_claim(alice, "k1", lease_left=timedelta(seconds=20), body=body)

    busy = create(as_alice, body, '"k1"')

    assert busy.status_code == 409
    assert 19 <= int(busy["Retry-After"]) <= 20
    assert titles_of(alice) == []


@pytest.mark.django_db
def test_a_request_whose_key_was_taken_over_rolls_its_note_back(alice):
    def render_while_another_request_takes_the_key(note):
        IdempotencyRecord.objects.update(lease_token="the-other-request")
        return {"id": note.id}

    with pytest.raises(IdempotencyKeyInProgress):
        note_create_once(
            owner_id=alice.id, key="k", render=render_while_another_request_takes_the_key, title="t"
        )

    assert titles_of(alice) == []


@pytest.mark.django_db
def test_a_failure_while_creating_gives_the_key_back_at_once(alice):
    def broken_render(note):
        raise RuntimeError("the answer could not be rendered")

    with pytest.raises(RuntimeError):
        note_create_once(owner_id=alice.id, key="k", render=broken_render, title="t")
    answer = note_create_once(owner_id=alice.id, key="k", render=lambda n: {"id": n.id}, title="t")

    assert (answer.status, answer.replayed) == (201, False)
    assert titles_of(alice) == ["t"]


@pytest.mark.django_db
def test_a_key_past_its_retention_creates_a_new_note(as_alice, alice):
    create(as_alice, {"title": "old"}, '"k1"')
    IdempotencyRecord.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    reused = create(as_alice, {"title": "new"}, '"k1"')

    assert reused.status_code == 201
    assert sorted(titles_of(alice)) == ["new", "old"]


@pytest.mark.django_db
def test_prune_auth_state_deletes_only_expired_keys(as_alice, alice):
    create(as_alice, {"title": "old"}, '"old"')
    create(as_alice, {"title": "live"}, '"live"')
    IdempotencyRecord.objects.filter(key="old").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    call_command("prune_auth_state")

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["live"]


@pytest.mark.django_db
def test_the_schema_documents_the_header_and_its_answers(client):
    schema = client.get("/api/schema/?format=json").json()
    create_op = schema["paths"][NOTES]["post"]
    header = next(p for p in create_op["parameters"] if p["name"] == "Idempotency-Key")

    assert header["in"] == "header"
    assert not header.get("required", False)
    assert {"201", "400", "409", "422"} <= set(create_op["responses"])
    assert "Retry-After" in create_op["responses"]["409"]["headers"]
    assert REPLAYED in create_op["responses"]["201"]["headers"]


@pytest.mark.django_db
@pytest.mark.parametrize("origin", settings.CORS_ALLOWED_ORIGINS)
def test_the_web_client_pages_may_send_the_key_and_read_the_replay_marker(client, origin):
    preflight = client.options(
        NOTES,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type,idempotency-key",
    )
    exposed = client.get("/api/health/", HTTP_ORIGIN=origin)["Access-Control-Expose-Headers"]

    assert "idempotency-key" in preflight["Access-Control-Allow-Headers"].lower()
    assert {REPLAYED.lower(), "retry-after"} <= set(exposed.lower().replace(" ", "").split(","))


# --- A live server: the first request really runs while the repeat arrives -------------------


@pytest.fixture
def held_api(tmp_path):
    """A live API whose note titled HOLD_IN_TRANSACTION waits on a pipe the test controls."""
    env = held_notes.environment(tmp_path)
    with start_api(env={"DJANGO_SETTINGS_MODULE": held_notes.SETTINGS_MODULE, **env}) as api:
        yield api, env


def test_a_repeat_while_the_first_request_runs_is_a_409_then_gets_its_answer(held_api):
    api, env = held_api
    tokens = requests.post(
        f"{api.base_url}/api/auth/jwt/token/",
        json={"username": "alice", "password": api.password},
        timeout=10,
    ).json()
    auth = {"Authorization": f"Bearer {tokens['access']}"}
    key = {"Idempotency-Key": new_key(), **auth}
    body = {"title": held_notes.HOLD_IN_TRANSACTION, "text": "slow"}

    def post(payload):
        return requests.post(f"{api.base_url}{NOTES}", json=payload, headers=key, timeout=30)

    first: dict = {}
    sender = threading.Thread(target=lambda: first.setdefault("response", post(body)))
    sender.start()
    writer = held_notes.open_gate(env)
    try:
        repeat = post(body)
        other_body = post({**body, "text": "something else"})
    finally:
        os.close(writer)  # lets the first request finish
        sender.join(timeout=30)
    replay = post(body)

    assert repeat.status_code == 409, repeat.text
    assert int(repeat.headers["Retry-After"]) >= 1
    assert other_body.status_code == 422
    assert first["response"].status_code == 201
    assert replay.status_code == 201
    assert replay.headers[REPLAYED] == "true"
    assert json.loads(replay.content) == first["response"].json()
    listed = requests.get(f"{api.base_url}{NOTES}", headers=auth, timeout=10).json()
    assert [note["title"] for note in listed].count(held_notes.HOLD_IN_TRANSACTION) == 1
