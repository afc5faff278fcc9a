"""Bad input and faults reach the caller as typed errors with sentences a person can act on."""

import pytest

from mobile_client.apiclient import (
    ApiClient,
    BadResponseError,
    InvalidCredentials,
    InvalidServerUrl,
    NetworkError,
    RequestRejected,
    ServerError,
)
from tests.mobile.faulty_gateway import DROP, LOSE, PASS, faulty_gateway


@pytest.mark.parametrize("mode", ["jwt", "session", "cookie-jwt"])
def test_a_wrong_password_is_reported_as_such(short_lived_api, tmp_path, mode):
    client = ApiClient(short_lived_api.base_url, mode, str(tmp_path))

    with pytest.raises(InvalidCredentials) as refused:
        client.login("alice", "not-the-password")

    assert str(refused.value) == "Wrong username or password."
    assert not list(tmp_path.iterdir())  # nothing saved


def test_a_server_that_is_down_is_a_network_error(dead_server_url, tmp_path):
    client = ApiClient(dead_server_url, "jwt", str(tmp_path))

    with pytest.raises(NetworkError) as down:
        client.login("alice", "whatever")

    assert "connection refused" in str(down.value)
    assert dead_server_url in str(down.value)


@pytest.mark.parametrize(
    "typed, complaint",
    [
        ("", "empty"),
        ("127.0.0.1:8000", "does not start with http:// or https://"),
        ("http://", "no usable host name"),
        ("http://127.0.0.1:99999", "invalid port"),
        ("http://host name:8000", "no usable host name"),
    ],
)
def test_a_malformed_server_url_is_refused_before_any_request(tmp_path, typed, complaint):
    with pytest.raises(InvalidServerUrl) as malformed:
        ApiClient(typed, "jwt", str(tmp_path))

    assert complaint in str(malformed.value)
    assert "http://127.0.0.1:8000" in str(malformed.value)  # an example of the right form


def test_an_answer_that_is_not_json_is_a_bad_response(html_server, tmp_path):
    client = ApiClient(html_server, "session", str(tmp_path))

    with pytest.raises(BadResponseError) as not_json:
        client.login("alice", "whatever")

    assert "text/html, not JSON" in str(not_json.value)


def test_a_note_the_server_refuses_says_which_field_is_wrong(short_lived_api, tmp_path):
    client = ApiClient(short_lived_api.base_url, "session", str(tmp_path))
    client.login("bob", short_lived_api.password)

    with pytest.raises(RequestRejected) as rejected:
        client.create_note("t" * 201, "too long a title")

    assert "title" in str(rejected.value)
    assert rejected.value.status == 400


# --- A note whose answer is lost is created exactly once ---------------------------------------


def create_through(gateway, api, mode, tmp_path):
    """A signed-in client talking to the API through `gateway`; its backoff waits recorded."""
    client = ApiClient(gateway.url, mode, str(tmp_path))
    client.login("alice", api.password)
    client.waits = []
    client.sleep = client.waits.append
    return client


def notes_titled(client, title) -> int:
    return [note["title"] for note in client.list_notes()].count(title)


def note_posts(gateway) -> list[str | None]:
    """The Idempotency-Key of every note creation the gateway passed on."""
    return [key for method, path, key in gateway.seen if (method, path) == ("POST", "/api/notes/")]


@pytest.mark.parametrize("mode", ["jwt", "session"])
@pytest.mark.parametrize("fate", [LOSE, DROP], ids=["answer-502", "no-answer"])
def test_a_note_whose_answer_was_lost_is_sent_again_and_stored_once(live_api, tmp_path, mode, fate):
    title = f"lost answer {mode} {fate}"
    fates = iter([fate])  # the first creation's answer is lost, the rest pass

    def plan(method, path):
        return next(fates, PASS) if (method, path) == ("POST", "/api/notes/") else PASS

    with faulty_gateway(live_api.base_url, plan) as gateway:
        client = create_through(gateway, live_api, mode, tmp_path)
        note = client.create_note(title, "once")

        assert note["title"] == title
        first, second = note_posts(gateway)
        assert first == second and first.startswith('"')
        assert client.waits == [0.5]
        assert notes_titled(client, title) == 1


def test_a_gateway_failing_every_attempt_gives_up_soon_and_saving_again_stores_once(
    live_api, tmp_path
):
    title = "saved on the second press"
    failing = {"on": True}

    def plan(method, path):
        creating = (method, path) == ("POST", "/api/notes/")
        return LOSE if creating and failing["on"] else PASS

    with faulty_gateway(live_api.base_url, plan) as gateway:
        client = create_through(gateway, live_api, "jwt", tmp_path)
        with pytest.raises(ServerError) as failed:
            client.create_note(title, "")
        failing["on"] = False
        client.create_note(title, "")  # the person presses Save again

        assert "Sent 3 times with the same Idempotency-Key" in str(failed.value)
        assert client.waits == [0.5, 1.0]
        assert len(set(note_posts(gateway))) == 1  # four sends, one key
        assert notes_titled(client, title) == 1
        client.create_note(title, "")  # saved before: the same text again is a new note
        assert notes_titled(client, title) == 2
