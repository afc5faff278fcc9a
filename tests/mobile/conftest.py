"""Fixtures of the mobile suite: a private API with very short token lifetimes, helpers."""

import http.server
import threading

import pytest

from tests.support.live_api import free_port, start_api

# Access tokens die after 3 s and refresh tokens after 6 s, with no leeway, so expiry is
# observed for real instead of being simulated. Not shorter: `exp` is whole seconds, so a token
# minted late in a second lives up to 1 s less, and a loaded CI machine needs the margin.
# Private to this suite so its failed logins never count against the shared server's limit.
ACCESS_TTL_SECONDS = 3
REFRESH_TTL_SECONDS = 6
SHORT_LIVED_ENV = {
    "JWT_ACCESS_TTL_SECONDS": str(ACCESS_TTL_SECONDS),
    "JWT_REFRESH_TTL_SECONDS": str(REFRESH_TTL_SECONDS),
    "JWT_LEEWAY_SECONDS": "0",
}

# "Log out everywhere" leaves an access token working until it expires: 5 s is room enough to
# show a call still succeeding after it on a loaded machine, and short enough to wait out. The
# refresh token keeps its default day, so the refresh can only be refused for the revocation.
REVOCATION_ACCESS_TTL_SECONDS = 5
REVOCATION_ENV = {
    "JWT_ACCESS_TTL_SECONDS": str(REVOCATION_ACCESS_TTL_SECONDS),
    "JWT_LEEWAY_SECONDS": "0",
}


@pytest.fixture(scope="session")
def short_lived_api():
    with start_api(env=SHORT_LIVED_ENV) as api:
        yield api


@pytest.fixture(scope="session")
def revocation_api():
    """A private API for "log out everywhere", which ends every sign-in of the user on it."""
    with start_api(env=REVOCATION_ENV) as api:
        yield api


@pytest.fixture(scope="session")
def html_server():
    """A server that answers every request with an HTML page, like a wrong address would."""

    class HtmlPage(http.server.BaseHTTPRequestHandler):
        def _page(self):
            body = b"<!doctype html><title>Welcome</title><h1>Not the API</h1>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _page

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), HtmlPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def dead_server_url():
    """An address where nothing listens."""
    return f"http://127.0.0.1:{free_port()}"
