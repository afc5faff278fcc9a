"""Redis, the session store, goes down and comes back while the replicas keep running.

This cluster has a private redis-server (never the machine's shared one): the tests stop it.
"""

import pytest

from infra.cluster.client import replica_of

pytestmark = pytest.mark.cluster

STORE_DOWN = "session store is unavailable"


@pytest.fixture(scope="module")
def cluster(start_cluster):
    with start_cluster(store="redis", redis_url=None) as cluster:
        yield cluster


@pytest.fixture
def session_client(cluster, password):
    client = cluster.client()
    client.session_login("alice", password)
    return client


@pytest.fixture
def jwt_tokens(cluster, password):
    return cluster.client().jwt_tokens("alice", password)


@pytest.fixture
def redis_down(cluster):
    cluster.redis.stop()
    try:
        yield
    finally:
        cluster.redis.start()


def from_every_replica(cluster, request):
    answers = [request() for _ in range(2 * len(cluster.replicas))]
    assert {replica_of(answer) for answer in answers} == set(cluster.replica_names)
    return answers


def test_session_requests_get_a_clear_503_while_redis_is_down(cluster, session_client, redis_down):
    for answer in from_every_replica(cluster, session_client.me):
        assert answer.status_code == 503
        assert answer.headers["Content-Type"] == "application/json"
        assert STORE_DOWN in answer.json()["detail"]
        assert "username" not in answer.json()


@pytest.mark.parametrize("kind", ["session", "jwt"])
def test_logins_are_refused_with_503_while_redis_is_down(cluster, password, kind, redis_down):
    client = cluster.client()
    if kind == "session":
        login = client.session_login_response("bob", password)
    else:
        login = client.post("/api/auth/jwt/token/", json={"username": "bob", "password": password})

    # The failed-login counters live in Redis too (the default cache): no login can be
    # checked against the limit, so none is let through, and none is a 500.
    assert login.status_code == 503
    assert "sessionid" not in login.headers.get("Set-Cookie", "")
    assert "access" not in login.json()


def test_jwt_requests_keep_working_while_redis_is_down(cluster, jwt_tokens, redis_down):
    client = cluster.client()
    access = jwt_tokens["access"]

    answers = from_every_replica(cluster, lambda: client.me(access))
    assert {answer.status_code for answer in answers} == {200}
    bearer = {"Authorization": f"Bearer {access}"}
    note = client.post("/api/notes/", json={"title": "during the outage"}, headers=bearer)
    assert note.status_code == 201
    assert client.jwt_refresh(jwt_tokens["refresh"]).status_code == 200


def test_the_api_recovers_when_redis_returns_without_a_replica_restart(cluster, session_client):
    pids = [replica.pid for replica in cluster.replicas]
    cluster.redis.stop()
    try:
        assert session_client.me().status_code == 503
    finally:
        cluster.redis.start()

    # The data set was saved on shutdown and reloaded: the same cookie works again.
    assert {a.status_code for a in from_every_replica(cluster, session_client.me)} == {200}
    assert [replica.pid for replica in cluster.replicas] == pids
