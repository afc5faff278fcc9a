"""The BFF between real servers: the API (gunicorn) with short-lived access tokens, and the
web client's server (gunicorn) in front of it, on free ports."""

import secrets
import time

import pytest

from infra.servers import WebClient
from tests.bff.client import BffClient
from tests.support.live_api import api_env, free_port, start_api

# Access tokens live this long (and no leeway), so a refresh is due within seconds. Whole
# seconds: a token's `exp` is truncated, so it may live one second less.
ACCESS_TTL_S = 3
# What the web client signs its sessions with, so that tests can read its store.
SECRET_KEY = secrets.token_urlsafe(32)


@pytest.fixture(scope="session")
def bff_api():
    env = {"JWT_ACCESS_TTL_SECONDS": str(ACCESS_TTL_S), "JWT_LEEWAY_SECONDS": "0"}
    with start_api(env=env) as api:
        yield api


def web_client(tmp_path, api_port: int, **env) -> WebClient:
    """A web client's server (not started) for `api_port`, its files in `tmp_path`."""
    port = free_port()
    environment = api_env({"WEB_CLIENT_SECRET_KEY": SECRET_KEY, **env})
    if "REDIS_URL" not in env:  # the SQLite store, whatever the shell says
        environment.pop("REDIS_URL", None)
    return WebClient(port, api_port=api_port, log_path=tmp_path / f"web_client_{port}.log",
                     env=environment)  # fmt: skip


@pytest.fixture(scope="session")
def bff_web(bff_api, tmp_path_factory):
    with web_client(tmp_path_factory.mktemp("bff_web"), bff_api.port) as server:
        yield server


@pytest.fixture
def client(bff_web):
    return BffClient(bff_web.port)


def wait_for(condition, *, what: str, timeout: float = 10.0, step: float = 0.05):
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"{what}: not within {timeout:g} s")


def wait_until_access_expired(client: BffClient) -> None:
    """Until the access token the BFF holds has expired (the BFF says when, never the token)."""

    def expired():
        answer = client.get("/bff/session/").json()
        return answer["signed_in"] and answer["access_expires_in"] == 0

    wait_for(expired, what="the held access token to expire", timeout=ACCESS_TTL_S + 5)
