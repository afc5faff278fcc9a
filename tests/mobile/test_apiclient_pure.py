"""The parts of the client core that need no server: addresses and the cleartext rule, claims,
the exchange log, when a note creation is sent again."""

import ast
import base64
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from mobile_client.apiclient import InsecureServerUrl, InvalidServerUrl, decode_claims
from mobile_client.apiclient.exchange import Exchange, body_for_log
from mobile_client.apiclient.idempotency import ATTEMPTS, DraftKeys, retry_delay
from mobile_client.apiclient.server_url import cleartext_allowed, normalize_server_url, origin_of
from mobile_client.ui.claims_format import countdown_text

CORE = Path(__file__).resolve().parents[2] / "mobile_client" / "apiclient"


def test_the_core_never_imports_kivy():
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.split(".")[0] == "kivy"], path


@pytest.mark.parametrize(
    "typed, normalized",
    [
        ("  http://127.0.0.1:8000/ ", "http://127.0.0.1:8000"),
        ("https://API.localhost", "https://api.localhost"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("http://10.0.2.2:8000/lab/", "http://10.0.2.2:8000/lab"),
    ],
)
def test_server_addresses_are_normalized(typed, normalized):
    assert normalize_server_url(typed) == normalized


def test_the_origin_is_scheme_host_and_port_only():
    assert origin_of("http://10.0.2.2:8000/lab") == "http://10.0.2.2:8000"


def test_claims_are_read_from_a_jwt_and_garbage_gives_none():
    payload = base64.urlsafe_b64encode(json.dumps({"username": "alice", "exp": 5}).encode())
    token = f"e30.{payload.decode().rstrip('=')}.signature"
    assert decode_claims(token) == {"username": "alice", "exp": 5}
    assert decode_claims("not-a-valid.access.token") == {}
    assert decode_claims("") == {}


def test_the_log_never_shows_a_password():
    shown = body_for_log({"username": "alice", "password": "secret"})
    assert "secret" not in shown
    assert json.loads(shown)["username"] == "alice"


def test_an_exchange_without_response_says_why():
    exchange = Exchange("GET", "http://127.0.0.1:1/api/auth/me/", [], None, error="refused")
    assert exchange.summary().startswith("GET /api/auth/me/  failed")
    assert "< no response: refused" in exchange.describe()


def test_the_log_names_the_cookies_sent_and_never_shows_a_whole_cookie_value():
    token = "eyJhbGciOiJIUzI1NiJ9." + "x" * 200 + ".sig-end"
    exchange = Exchange(
        "GET",
        "http://127.0.0.1:8000/api/notes/",
        [("Cookie", f"jwt_access={token}; csrftoken=abcdefghijklmnopqrstuvwxyz012345")],
        None,
        status=200,
        reason="OK",
        response_headers=[
            ("Set-Cookie", f"jwt_access={token}; HttpOnly; Max-Age=300; Path=/api/; SameSite=Lax")
        ],
    )

    assert exchange.summary() == "GET /api/notes/  200 OK  0 ms  cookies: jwt_access, csrftoken"
    shown = exchange.describe()
    assert token not in shown and "abcdefghijklmnopqrstuvwxyz012345" not in shown
    assert f"    jwt_access = eyJhbG…-end ({len(token)} chars)" in shown
    assert "    csrftoken = abcdef…2345 (32 chars)" in shown
    assert "HttpOnly; Max-Age=300; Path=/api/; SameSite=Lax" in shown  # attributes kept


def test_the_log_never_shows_a_whole_bearer_token_csrf_token_or_token_pair():
    access, refresh = "eyJhbGciOiJIUzI1NiJ9." + "a" * 180 + ".sigA", "eyJr" + "r" * 180 + ".sigR"
    csrf = "CSRFabcdefghijklmnopqrstuvwxyz0123456789XYZW"
    exchange = Exchange(
        "POST",
        "http://127.0.0.1:8000/api/auth/jwt/refresh/",
        [("Authorization", f"Bearer {access}"), ("X-CSRFToken", csrf)],
        json.dumps({"refresh": refresh}),
        status=200,
        reason="OK",
        response_body=json.dumps({"access": access, "refresh": refresh, "note": "rotated"}),
    )

    shown = exchange.describe()
    for secret in (access, refresh, csrf):
        assert secret not in shown
    assert f"> Authorization: Bearer eyJhbG…sigA ({len(access)} chars)" in shown
    assert f"> X-CSRFToken: CSRFab…XYZW ({len(csrf)} chars)" in shown
    assert '"note": "rotated"' in shown  # the rest of the body is shown as it came
    # The exchange itself keeps them whole: the client reads its own answers from it.
    assert json.loads(exchange.response_body)["access"] == access


def test_an_exchange_without_cookies_says_so():
    exchange = Exchange("GET", "http://127.0.0.1:8000/api/auth/me/", [("Accept", "*/*")], None)
    assert "cookies:" not in exchange.summary()
    assert "  cookies sent: none" in exchange.describe()


def test_the_countdown_reads_minutes_and_seconds_then_says_what_happens_next():
    assert countdown_text(299.6) == "access token expires in 4:59"
    assert countdown_text(0) == "access token expired: the next call refreshes it first"
    assert countdown_text(None) == ""


# --- Plain http:// only to this device and the emulator's host ----------------------------------


def test_plain_http_to_any_other_host_is_refused_with_the_https_address_to_use():
    with pytest.raises(InsecureServerUrl) as refused:
        normalize_server_url("http://example.com:8000")

    assert isinstance(refused.value, InvalidServerUrl)  # the app's settings error path
    assert "plain http://" in str(refused.value)
    assert "Use https://example.com:8000 instead." in str(refused.value)


@pytest.mark.parametrize("address", ["http://192.168.1.20:8000", "http://10.0.2.3:8000"])
def test_plain_http_on_a_local_network_is_refused_too(address):
    with pytest.raises(InsecureServerUrl):
        normalize_server_url(address)


@pytest.mark.parametrize(
    "address",
    [
        "https://example.com",
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://[::1]:8000",
        "http://10.0.2.2:8000",
    ],
)
def test_https_anywhere_and_http_to_loopback_or_the_emulator_host_are_accepted(address):
    assert normalize_server_url(address) == address


def test_the_core_allows_cleartext_to_every_host_android_allows_it_for():
    config = ElementTree.parse(CORE.parent / "android" / "network_security_config.xml")
    domains = [domain.text for domain in config.iter("domain")]

    assert domains
    assert all(cleartext_allowed(domain) for domain in domains)


# --- Retrying a note creation: when, how long, with which key -----------------------------------


def test_a_create_is_sent_again_only_when_its_fate_is_unknown():
    assert retry_delay(1, None) == 0.5  # no answer
    assert [retry_delay(1, status) for status in (502, 503, 504)] == [0.5] * 3
    assert retry_delay(2, 502) == 1.0
    assert [retry_delay(1, status) for status in (201, 400, 401, 422, 500)] == [None] * 5


def test_retries_are_few_and_short():
    assert retry_delay(ATTEMPTS, 502) is None
    assert retry_delay(1, 409, "1") == 1.0
    assert retry_delay(1, 409, "30") == 2.0  # a long lease is not waited out on the device


def test_a_draft_keeps_its_key_until_it_is_saved_or_changed():
    drafts = DraftKeys()
    first = drafts.key_for({"title": "t", "text": ""})

    assert drafts.key_for({"title": "t", "text": ""}) == first
    assert drafts.key_for({"title": "t", "text": "edited"}) != first
    drafts.settled()
    assert drafts.key_for({"title": "t", "text": ""}) != first
    assert first.startswith('"') and first.endswith('"') and len(first) == 38
