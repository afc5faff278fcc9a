"""web_client/server.py over plain HTTP: which names it answers to and what it serves."""

import pytest
import requests

from tests.browser.servers import get
from tests.support.raw_http import raw_get


def test_config_follows_the_host_the_page_was_loaded_from(lab):
    cross = get(lab.web_port, "/config.json", "app.localhost").json()
    same = get(lab.web_port, "/config.json", "app.lab.localhost").json()
    assert cross["topology"] == "cross-site"
    assert cross["apiBaseUrl"] == f"http://api.localhost:{lab.api_port}"
    assert same["topology"] == "same-site"
    assert same["apiBaseUrl"] == f"http://api.lab.localhost:{lab.api_port}"
    expected_links = {
        "cross-site": lab.cross_site,
        "same-site": lab.same_site,
        "same-origin": lab.same_origin,
    }
    assert cross["topologies"] == same["topologies"] == expected_links


def test_every_page_finds_its_bff_on_its_own_origin(lab):
    for port, path, host in [
        (lab.web_port, "/config.json", "app.localhost"),
        (lab.web_port, "/config.json", "app.lab.localhost"),
        (lab.api_port, "/app/config.json", "api.localhost"),
    ]:
        config = get(port, path, host).json()
        assert config["bffBaseUrl"] == f"http://{host}:{port}/bff", host
        session = get(port, "/bff/session/", host)
        assert session.json() == {"signed_in": False}, host


def test_every_answer_carries_the_pages_headers(lab):
    for path in ("/", "/config.json", "/scripts/main.js", "/nowhere", "/bff/session/"):
        headers = get(lab.web_port, path, "app.localhost").headers
        assert "script-src 'self'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups", path
        assert "no-cache" in headers["Cache-Control"], path


def test_head_answers_like_get_without_a_body(lab):
    url = f"http://127.0.0.1:{lab.web_port}/scripts/main.js"
    host = {"Host": f"app.localhost:{lab.web_port}"}
    head = requests.head(url, headers=host, timeout=5)
    full = requests.get(url, headers=host, timeout=5)
    assert head.status_code == full.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == str(len(full.content))
    assert head.headers["Content-Type"] == full.headers["Content-Type"]


def test_the_page_server_is_not_a_second_api(lab):
    # Its Django project is its own, whatever DJANGO_SETTINGS_MODULE the shell had.
    assert get(lab.web_port, "/api/health/", "app.localhost").status_code == 404


def test_connect_src_names_only_this_pages_api(lab):
    policy = get(lab.web_port, "/", "app.lab.localhost").headers["Content-Security-Policy"]
    connect_src = next(d for d in policy.split("; ") if d.startswith("connect-src"))
    assert connect_src == f"connect-src 'self' http://api.lab.localhost:{lab.api_port}"


def test_other_host_names_are_sent_to_the_cross_site_page(lab):
    response = get(lab.web_port, "/", "127.0.0.1")
    assert response.status_code == 307
    assert response.headers["Location"] == lab.cross_site


def test_only_the_client_files_are_served(lab):
    assert get(lab.web_port, "/scripts/main.js", "app.localhost").status_code == 200
    for path in ("/server.py", "/site_config.py", "/tests/", "/scripts/../server.py"):
        assert get(lab.web_port, path, "app.localhost").status_code == 404, path


# Raw paths with dot segments, as `curl --path-as-is` sends them, and what each would reach.
WEB_CLIENT_ESCAPES = [
    "/scripts/../server.py",
    "/styles/../site_config.py",
    "/scripts/../tests/jwt.test.js",
    "/scripts/./../server.py",
    "/scripts/%2e%2e/server.py",
]
SAME_ORIGIN_ESCAPES = [
    "/app/scripts/../tests/jwt.test.js",
    "/app/styles/../tests/jwt.test.js",
    "/app/scripts/%2e%2e/tests/jwt.test.js",
    "/app/scripts/%2E%2E/server.py",
    "/app/scripts/..%2ftests/jwt.test.js",
]


@pytest.mark.parametrize("path", WEB_CLIENT_ESCAPES)
def test_web_client_server_serves_nothing_outside_its_assets_to_a_raw_path(lab, path):
    answer = raw_get(lab.web_port, path, "app.localhost")
    assert answer.status == 404, answer.body[:200]
    assert b"import" not in answer.body and b"def " not in answer.body


@pytest.mark.parametrize("path", SAME_ORIGIN_ESCAPES)
def test_same_origin_page_serves_nothing_outside_its_assets_to_a_raw_path(lab, path):
    answer = raw_get(lab.api_port, path, "api.localhost")
    assert answer.status == 404, answer.body[:200]
    assert b"node:test" not in answer.body


def test_raw_requests_still_get_the_page_assets(lab):
    # The guard refuses dot segments, not the assets the page needs.
    assert raw_get(lab.web_port, "/scripts/main.js", "app.localhost").status == 200
    assert raw_get(lab.api_port, "/app/scripts/main.js", "api.localhost").status == 200
    assert raw_get(lab.api_port, "/app/", "api.localhost").status == 200
