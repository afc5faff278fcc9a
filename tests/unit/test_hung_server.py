"""A server that accepts connections and never answers fails a test quickly; it never hangs
the suite: every wait and client helper has a deadline, and pytest-timeout backs them all."""

import os
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from infra.cluster.client import lab_client
from infra.servers import stop_process, wait_until_answering
from mobile_client.apiclient import ApiClient, transport
from mobile_client.apiclient.errors import NetworkError

# Accepts every connection, reads nothing, answers never (a wedged worker, a stopped process
# whose socket the kernel still completes handshakes for).
HUNG_SERVER = """
import socket
server = socket.create_server(("127.0.0.1", 0))
print(server.getsockname()[1], flush=True)
held = []
while True:
    held.append(server.accept()[0])
"""
# Far above what each bounded wait below needs (1-3 s), far below "hung".
GIVES_UP_WITHIN_S = 20


@dataclass
class HungServer:
    url: str
    process: subprocess.Popen
    log_path: Path


@pytest.fixture
def hung_server(tmp_path):
    log_path = tmp_path / "hung.log"
    log_path.write_text("accepting connections, answering none\n")
    process = subprocess.Popen(
        [sys.executable, "-c", HUNG_SERVER], stdout=subprocess.PIPE, text=True
    )
    try:
        port = int(process.stdout.readline())
        yield HungServer(f"http://127.0.0.1:{port}", process, log_path)
    finally:
        stop_process(process)
        process.stdout.close()


def test_waiting_for_a_server_that_never_answers_gives_up_with_its_log(hung_server):
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="no answer after 1") as gave_up:
        wait_until_answering(
            f"{hung_server.url}/api/health/", hung_server.process, hung_server.log_path, timeout=1
        )
    assert time.monotonic() - started < GIVES_UP_WITHIN_S
    assert "answering none" in str(gave_up.value)


def test_the_cluster_client_times_out_on_a_hung_replica(hung_server, monkeypatch):
    # Its real read timeout is 15 s; the same code path, shortened.
    monkeypatch.setattr(transport, "READ_TIMEOUT_S", 1)
    client = lab_client(hung_server.url, "api.localhost")
    started = time.monotonic()
    with pytest.raises(NetworkError, match="timed out") as gave_up:
        client.me()
    assert time.monotonic() - started < GIVES_UP_WITHIN_S
    assert isinstance(gave_up.value.__cause__, requests.Timeout)


def test_the_mobile_client_reports_a_hung_server_as_a_network_error(
    hung_server, tmp_path, monkeypatch
):
    # Its real read timeout is 15 s; the same code path, shortened.
    monkeypatch.setattr(transport, "READ_TIMEOUT_S", 1)
    client = ApiClient(hung_server.url, "jwt", str(tmp_path))
    started = time.monotonic()
    with pytest.raises(NetworkError, match="timed out"):
        client.login("alice", "any password")
    assert time.monotonic() - started < GIVES_UP_WITHIN_S


STUCK_TEST = """
import socket

def test_stuck_on_a_hung_server():
    # A helper that forgot its timeout: this read would block forever.
    socket.create_connection(("127.0.0.1", {port})).recv(1)

def test_the_next_test():
    assert True
"""


def test_a_test_stuck_on_a_hung_server_fails_and_the_suite_goes_on(
    hung_server, tmp_path, pytestconfig
):
    # The suite's own setting: pytest-timeout fails any test that runs longer than this.
    assert float(pytestconfig.getini("timeout")) > 0
    port = hung_server.url.rsplit(":", 1)[1]
    (tmp_path / "pytest.ini").write_text("[pytest]\ntimeout = 2\n")
    test_file = tmp_path / "test_stuck.py"
    test_file.write_text(textwrap.dedent(STUCK_TEST.format(port=port)))
    # The same plugin and method as the suite, with a 2 s limit instead of the suite's (and
    # none of the suite's other plugins, which only slow the start).
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "pytest_timeout", "-p", "no:cacheprovider",
         str(test_file)],
        env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Timeout (>2.0s)" in done.stdout, done.stdout
    assert "1 failed, 1 passed" in done.stdout, done.stdout
