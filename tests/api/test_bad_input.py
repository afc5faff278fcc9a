"""Hostile and malformed input: always a 4xx with a JSON error body, never a 500."""

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import PASSWORD, browser_client, fetch_csrf, sign_in

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/jwt/token/"


def post_raw(path: str, body: bytes, content_type="application/json", client=None, **headers):
    client = client or APIClient()
    return client.generic("POST", path, body, content_type=content_type, **headers)


def assert_json_4xx(response, status=None):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:200])
    if status:
        assert response.status_code == status
    body = response.json()
    assert isinstance(body, dict) and body, body
    return body


def test_malformed_json():
    body = assert_json_4xx(post_raw(TOKEN_URL, b'{"username": "alice",'), 400)
    assert "JSON parse error" in body["detail"]


def test_json_nested_5000_deep_is_a_400_not_a_500():
    deep = b"[" * 5000 + b"]" * 5000
    body = assert_json_4xx(post_raw(TOKEN_URL, deep), 400)
    assert "nested too deeply" in body["detail"]


def test_json_nested_5000_deep_objects_is_a_400():
    deep = b'{"a":' * 5000 + b"1" + b"}" * 5000
    assert_json_4xx(post_raw(TOKEN_URL, deep), 400)


@pytest.mark.parametrize("body", [b"[1, 2]", b'"alice"', b"42", b"null", b"true"])
def test_json_body_that_is_not_an_object(body):
    assert_json_4xx(post_raw(TOKEN_URL, body), 400)


def test_wrong_content_type():
    body = assert_json_4xx(post_raw(TOKEN_URL, b"username=alice", content_type="text/plain"), 415)
    assert "Unsupported media type" in body["detail"]


def test_form_encoded_body_is_refused():
    response = post_raw(
        TOKEN_URL, b"username=alice&password=x", content_type="application/x-www-form-urlencoded"
    )
    assert_json_4xx(response, 415)


def test_one_megabyte_body(alice):
    as_alice = sign_in("jwt", "alice")
    big = ("x" * 1_000_000).encode()
    body = b'{"title": "big", "text": "' + big + b'"}'
    response = post_raw(
        "/api/notes/", body, HTTP_AUTHORIZATION=f"Bearer {as_alice.tokens['access']}"
    )
    assert_json_4xx(response, 400)
    assert "text" in response.json()


def test_ten_thousand_character_username():
    response = APIClient().post(
        TOKEN_URL, {"username": "u" * 10_000, "password": "x"}, format="json"
    )
    body = assert_json_4xx(response, 400)
    assert "username" in body


def test_non_utf8_bytes():
    assert_json_4xx(post_raw(TOKEN_URL, b'{"username": "\xff\xfe\xfa", "password": "x"}'), 400)


def test_empty_body():
    body = assert_json_4xx(post_raw(TOKEN_URL, b""), 400)
    assert "username" in body


def test_wrong_types_in_fields():
    response = APIClient().post(
        TOKEN_URL, {"username": ["alice"], "password": {"a": 1}}, format="json"
    )
    assert_json_4xx(response, 400)


@pytest.mark.parametrize("note_id", ["abc", "1.5", "-1", "%00", "1e3"])
def test_non_numeric_note_id(alice, note_id):
    as_alice = sign_in("jwt", "alice")
    body = assert_json_4xx(as_alice.get(f"/api/notes/{note_id}/"), 404)
    assert body["detail"] == "Not found."


def test_note_id_beyond_64_bits(alice):
    as_alice = sign_in("jwt", "alice")
    assert_json_4xx(as_alice.get(f"/api/notes/{10**30}/"), 404)
    assert_json_4xx(as_alice.delete(f"/api/notes/{10**30}/"), 404)


def test_unknown_path_is_json_404():
    assert_json_4xx(APIClient().get("/api/nothing-here/"), 404)


def test_method_not_allowed_is_json():
    assert_json_4xx(APIClient().delete("/api/health/"), 405)


def test_unknown_host_is_a_json_400():
    response = APIClient().get("/api/health/", HTTP_HOST="evil.example")
    assert_json_4xx(response, 400)


def test_null_bytes_and_control_characters_in_note_fields(alice):
    as_alice = sign_in("jwt", "alice")
    response = as_alice.post("/api/notes/", {"title": "a\x00b", "text": "x"})
    assert_json_4xx(response, 400)


def test_a_number_is_not_a_username(django_user_model):
    # DRF's CharField would read 1234 as "1234" and log this user in; the schema says string.
    django_user_model.objects.create_user("1234", password=PASSWORD)
    response = APIClient().post(TOKEN_URL, {"username": 1234, "password": PASSWORD}, format="json")
    body = assert_json_4xx(response, 400)
    assert body == {"username": ["Not a valid string."]}


def unknown_policy(value: str) -> list[str]:
    return [f'Unknown cookie policy "{value}"; choose one of lax, strict, none, partitioned.']


@pytest.mark.parametrize("path", ["/api/auth/session/csrf/", "/api/lab/echo/"])
@pytest.mark.parametrize("value", ["", "LAX", " lax", "sometimes"])
def test_a_cookie_policy_query_outside_the_list_is_a_400_naming_the_choices(path, value):
    # An empty `?cookie_policy=` is a value like any other, not "use the default".
    body = assert_json_4xx(browser_client().get(path, {"cookie_policy": value}), 400)
    assert body == {"cookie_policy": unknown_policy(value)}


@pytest.mark.parametrize("value", ["", "LAX", 1])
def test_a_cookie_policy_at_login_outside_the_list_is_a_400(alice, value):
    client = browser_client()
    response = client.post(
        "/api/auth/session/login/",
        {"username": "alice", "password": PASSWORD, "cookie_policy": value},
        format="json",
        HTTP_X_CSRFTOKEN=fetch_csrf(client),
    )
    body = assert_json_4xx(response, 400)
    assert body == {"cookie_policy": unknown_policy(value)}
