"""The replica lab over https (`make cluster HTTPS=1`): nginx ends TLS with the lab's
certificate and round-robins plain http to the replicas, which still build https origins and
prefixed Secure cookies; a session signed in through nginx is known to every replica."""

import socket

import pytest

from infra.cluster.client import request, session_cookie, session_cookie_name
from infra.cluster.cluster import ClusterSpec, running_cluster
from mobile_client.apiclient import paths

REPLICAS = 2


@pytest.fixture(scope="module")
def cluster(lab_tls, tmp_path_factory):
    spec = ClusterSpec(store="db", replicas=REPLICAS, tls=lab_tls)
    with running_cluster(spec, run_dir=tmp_path_factory.mktemp("cluster-https")) as started:
        yield started


def test_nginx_serves_the_lab_over_https(cluster):
    assert cluster.url.startswith("https://127.0.0.1:")
    assert cluster.public_url == f"https://api.localhost:{cluster.nginx.port}"


def test_a_session_through_nginx_is_secure_prefixed_and_known_to_every_replica(cluster):
    client = cluster.client("session")
    client.login("alice", "lab-demo-password")
    assert session_cookie_name(client) == "__Host-sessionid"
    cookie = next(c for c in client.transport.session.cookies if c.name == "__Host-sessionid")
    assert cookie.secure and cookie.path == "/"
    assert session_cookie(client)
    seen = set()
    for _ in range(4 * REPLICAS):
        answer = request(client, "GET", paths.ME)
        assert answer.status == 200 and answer.data["username"] == "alice"
        seen.add(answer.headers["X-Replica"])
    assert seen == set(cluster.replica_names)
    # An unsafe request: the CSRF Origin check sees https://api.localhost:<nginx port> on both
    # sides, because the replicas take the scheme from nginx's X-Forwarded-Proto.
    created = request(client, "POST", paths.NOTES, json={"title": "through nginx over https"})
    assert created.status == 201, created.data


def test_plain_http_to_the_https_port_is_refused_by_nginx(cluster):
    port = cluster.nginx.port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET /api/health/ HTTP/1.1\r\nHost: api.localhost:{port}\r\n"
                     "Connection: close\r\n\r\n".encode())  # fmt: skip
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert received.startswith(b"HTTP/1.1 400")
    assert b"The plain HTTP request was sent to HTTPS port" in received
