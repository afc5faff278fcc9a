"""The parts of the client core that need no server: addresses, claims, the exchange log."""

import ast
import base64
import json
from pathlib import Path

import pytest

from mobile_client.apiclient import decode_claims
from mobile_client.apiclient.exchange import Exchange, body_for_log
from mobile_client.apiclient.server_url import normalize_server_url, origin_of
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


def test_the_countdown_reads_minutes_and_seconds_then_says_what_happens_next():
    assert countdown_text(299.6) == "access token expires in 4:59"
    assert countdown_text(0) == "access token expired: the next call refreshes it first"
    assert countdown_text(None) == ""
