"""The web client's server over https: its config.json names https origins only, its BFF
signs in with a Secure `__Host-lab_bff` cookie and calls the API over https (checking the
API's certificate against the lab's CA), and the same holds for the BFF the API mounts."""

import json

import pytest

from backend.authentication.cookie_names import PREFIXED
from tests.https.client import TlsClient, attributes


@pytest.fixture
def page(https_web, lab_tls):
    return TlsClient("app.localhost", https_web.port, lab_tls.ca_file)


def bff_sign_in(client: TlsClient, password: str, origin: str | None = None):
    return client.post("/bff/login/", {"username": "alice", "password": password},
                       headers={"X-CSRF": "1", "Origin": origin or client.origin})  # fmt: skip


def test_config_json_names_https_origins_only(page, https_api, web_port):
    config = page.get("/config.json").json()
    assert config["apiBaseUrl"] == f"https://api.localhost:{https_api.port}"
    assert config["bffBaseUrl"] == f"https://app.localhost:{web_port}/bff"
    assert config["topologies"] == {
        "cross-site": f"https://app.localhost:{web_port}/",
        "same-site": f"https://app.lab.localhost:{web_port}/",
        "same-origin": f"https://api.localhost:{https_api.port}/app/",
    }
    assert config["collectorUrl"].startswith("https://attacker.localhost:")


def test_the_page_may_only_fetch_the_https_api(page, https_api):
    policy = page.get("/").header("Content-Security-Policy")
    assert f"connect-src 'self' https://api.localhost:{https_api.port};" in policy


def test_a_bff_sign_in_over_https_sets_a_host_prefixed_cookie(page, https_api):
    answer = bff_sign_in(page, https_api.password)
    assert answer.status == 200, answer.body
    assert answer.json() == {"username": "alice", "auth": "bff"}
    line = answer.set_cookie(PREFIXED.bff)
    attrs = attributes(line)
    assert {"secure", "httponly"} <= set(attrs)
    assert (attrs["path"], attrs["samesite"]) == ("/", "Strict")
    assert "domain" not in attrs
    # The BFF's second hop went to the API over https and was verified, not skipped.
    hop = json.loads(answer.header("X-BFF-Upstream"))
    assert hop["url"] == f"https://api.localhost:{https_api.port}/api/auth/jwt/token/"
    me = page.get("/bff/api/auth/me/")
    assert me.status == 200, me.body
    assert (me.json()["username"], me.json()["auth"]) == ("alice", "jwt")


def test_the_bff_refuses_its_own_page_over_http_as_another_origin(page, https_api, web_port):
    answer = bff_sign_in(page, https_api.password, origin=f"http://app.localhost:{web_port}")
    assert answer.status == 403
    assert answer.json()["code"] == "bff_origin_refused"
    assert answer.set_cookie_lines() == []


def test_the_apis_own_bff_signs_in_over_https_too(https_api, lab_tls):
    same_origin = TlsClient("api.localhost", https_api.port, lab_tls.ca_file)
    answer = bff_sign_in(same_origin, https_api.password)
    assert answer.status == 200, answer.body
    assert "secure" in attributes(answer.set_cookie(PREFIXED.bff))
    me = same_origin.get("/bff/api/auth/me/")
    assert me.json()["username"] == "alice"


def test_an_unknown_name_is_sent_to_the_https_page(https_web, lab_tls, web_port):
    answer = TlsClient("localhost", https_web.port, lab_tls.ca_file).get("/")
    assert answer.status == 307
    assert answer.header("Location") == f"https://app.localhost:{web_port}/"
