"""Plain http against https-only configurations, sent raw as any client could send it.

Production (backend/config/settings/production.py) redirects every plain-http request to https
(SECURE_SSL_REDIRECT) before any view runs, so no cookie is ever set over http; behind a
proxy the settings declare (NUM_PROXIES) its `X-Forwarded-Proto` decides. (Not tested here: a
forged `X-Forwarded-Proto` without a proxy. gunicorn itself believes that header from loopback
peers, its `forwarded_allow_ips` default, and a test client can only connect from loopback.)
The lab's own https servers speak TLS only on their ports: plain http gets no HTTP answer.
"""

import contextlib
import socket
from contextlib import contextmanager

import pytest
import requests

from infra.servers import Gunicorn, manage
from tests.support.live_api import REPO_ROOT, api_env, free_port

HOST = "api.example.com"
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "backend.config.settings.production",
    "SECRET_KEY": "prod-secret-key-abcdefghijklmnopqrstuvwxyz-0123456789-ABCDEFGHIJKLMN",
    "JWT_SIGNING_KEY": "prod-jwt-key-zyxwvutsrqponmlkjihgfedcba-9876543210-NMLKJIHGFEDCBA",
    "ALLOWED_HOSTS": HOST,
    "CORS_ALLOWED_ORIGINS": "https://app.example.com",
    "STATIC_ROOT": str(REPO_ROOT / "staticfiles"),
}


def answers_at_all(port: int) -> bool:
    """Any HTTP answer (production answers 301 to a plain health check, which is the point)."""
    try:
        requests.get(f"http://127.0.0.1:{port}/api/health/", headers={"Host": HOST}, timeout=1,
                     allow_redirects=False)  # fmt: skip
    except requests.RequestException:
        return False
    return True


@contextmanager
def production_api(tmp_path, *, proxies: int):
    env = api_env({**PRODUCTION_ENV, "NUM_PROXIES": str(proxies),
                   "SQLITE_PATH": str(tmp_path / "db.sqlite3"), "DATABASE_URL": ""})  # fmt: skip
    manage("migrate", "--no-input", "-v", "0", env=env, log_path=tmp_path / "manage.log")
    server = Gunicorn("production api", free_port(), env=env, log_path=tmp_path / "api.log")
    server.ready = lambda: answers_at_all(server.port)
    with server:
        yield server


def raw(port: int, method: str, path: str, *headers: str) -> tuple[int, dict[str, str]]:
    """`method path` over a plain TCP socket, byte for byte; the status and the headers."""
    request = "\r\n".join([f"{method} {path} HTTP/1.1", f"Host: {HOST}", *headers,
                           "Content-Length: 0", "Connection: close", "", ""])  # fmt: skip
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode("latin-1"))
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head = received.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:])
    return int(head[0].split()[1]), {name.lower(): value for name, value in headers.items()}


@pytest.fixture(scope="module")
def direct(tmp_path_factory):
    """Production with clients connecting straight to it (NUM_PROXIES=0)."""
    with production_api(tmp_path_factory.mktemp("production-direct"), proxies=0) as server:
        yield server


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/health/"),
    ("GET", "/api/auth/session/csrf/"),
    ("POST", "/api/auth/session/login/"),
])  # fmt: skip
def test_production_redirects_plain_http_to_https_and_sets_no_cookie(direct, method, path):
    status, headers = raw(direct.port, method, path)
    assert status == 301
    assert headers["location"] == f"https://{HOST}{path}"
    assert "set-cookie" not in headers


def test_behind_a_declared_proxy_its_forwarded_proto_decides(tmp_path):
    with production_api(tmp_path, proxies=1) as server:
        plain, headers = raw(server.port, "GET", "/api/health/", "X-Forwarded-Proto: http")
        assert (plain, headers["location"]) == (301, f"https://{HOST}/api/health/")
        secure, headers = raw(server.port, "GET", "/api/health/", "X-Forwarded-Proto: https")
        assert secure == 200
        # Production's HSTS, which the lab's https mode leaves off for localhost names.
        assert headers["strict-transport-security"].startswith("max-age=31536000")


def test_the_labs_https_api_gives_plain_http_no_answer(https_api):
    """gunicorn's TLS socket reads the request as a broken handshake and hangs up: not one
    byte of HTTP, so nothing (no cookie, no redirect to follow) ever travels in the clear."""
    request = b"GET /api/health/ HTTP/1.1\r\nHost: api.localhost\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", https_api.port), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                received += chunk
    assert received == b""
    # The same server answers the same request over TLS.
    host = {"Host": f"api.localhost:{https_api.port}"}
    health = requests.get(f"{https_api.base_url}/api/health/", headers=host,
                          verify=https_api.verify, timeout=10)  # fmt: skip
    assert health.status_code == 200
