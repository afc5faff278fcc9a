"""The BFF's own server and the API, each stopped and started: the API down is a clear 502,
a hung API a 504, and the BFF's sessions outlive a restart of the web client's server."""

import socket
from contextlib import closing

import pytest

from infra.servers import Gunicorn
from tests.bff.client import BffClient
from tests.bff.conftest import web_client
from tests.support.live_api import free_port


@pytest.fixture(scope="module")
def own_api(bff_api, tmp_path_factory):
    """A second API process on the same database: this module may stop it."""
    log = tmp_path_factory.mktemp("own_api") / "api.log"
    with Gunicorn("api", free_port(), env=bff_api.env, log_path=log, threads=8) as api:
        yield api


@pytest.fixture(scope="module")
def own_web(own_api, tmp_path_factory):
    with web_client(tmp_path_factory.mktemp("own_web"), own_api.port) as server:
        yield server


def test_the_api_down_is_a_502_and_the_session_waits(own_web, own_api, bff_api):
    client = BffClient(own_web.port)
    client.login(bff_api.password)
    own_api.stop()
    try:
        answer = client.get("/bff/api/auth/me/")
        assert answer.status == 502
        assert answer.json()["code"] == "bff_upstream_unreachable"
        assert "could not reach the API" in answer.json()["detail"]
        assert answer.upstream["status"] is None and answer.upstream["error"]
        assert client.get("/bff/session/").json()["signed_in"] is True
    finally:
        own_api.start()
    assert client.get("/bff/api/auth/me/").status == 200


def test_sessions_survive_a_restart_of_the_web_client(own_web, bff_api):
    client = BffClient(own_web.port)
    client.login(bff_api.password, username="bob")
    own_web.restart()
    assert client.get("/bff/session/").json()["username"] == "bob"
    assert client.get("/bff/api/auth/me/").json()["username"] == "bob"


def test_a_hung_api_is_a_504(bff_api, tmp_path):
    # Accepts connections (the kernel does, for a listening socket) and never answers.
    with closing(socket.create_server(("127.0.0.1", 0))) as hung:
        port = hung.getsockname()[1]
        with web_client(tmp_path, port, BFF_UPSTREAM_TIMEOUT_SECONDS="0.5") as server:
            answer = BffClient(server.port).post(
                "/bff/login/", {"username": "alice", "password": bff_api.password}
            )
    assert answer.status == 504
    assert answer.json()["code"] == "bff_upstream_timeout"
    assert answer.upstream["error"]
