"""Bad input and faults reach the caller as typed errors with sentences a person can act on."""

import pytest

from mobile_client.apiclient import (
    ApiClient,
    BadResponseError,
    InvalidCredentials,
    InvalidServerUrl,
    NetworkError,
    RequestRejected,
)


@pytest.mark.parametrize("mode", ["jwt", "session"])
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
