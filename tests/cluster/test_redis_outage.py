"""Redis, the session store, goes down and comes back while the replicas keep running.

This cluster has a private redis-server (never the machine's shared one): the tests stop it.
"""

import json

import pytest

from infra.cluster.client import access_token, me, refresh_token, replica_of, request
from mobile_client.apiclient import ServerError, paths
from tests.cluster.conftest import sign_in

pytestmark = pytest.mark.cluster

STORE_DOWN = "session store is unavailable"


@pytest.fixture(scope="module")
def cluster(start_cluster):
    with start_cluster(store="redis", redis_url=None) as cluster:
        yield cluster


@pytest.fixture
def session_client(cluster, password):
    return sign_in(cluster, password)[0]


@pytest.fixture
def jwt_client(cluster, password):
    return sign_in(cluster, password, "jwt")[0]


@pytest.fixture
def redis_down(cluster):
    cluster.redis.stop()
    try:
        yield
    finally:
        cluster.redis.start()


def from_every_replica(cluster, send):
    answers = [send() for _ in range(2 * len(cluster.replicas))]
    assert {replica_of(answer) for answer in answers} == set(cluster.replica_names)
    return answers


def test_session_requests_get_a_clear_503_while_redis_is_down(cluster, session_client, redis_down):
    log = []
    session_client.transport.on_exchange = log.append

    def me_as_sent():
        me(session_client)
        return log[-1]

    for answer in from_every_replica(cluster, me_as_sent):
        assert answer.status == 503
        assert dict(answer.response_headers)["Content-Type"] == "application/json"
        body = json.loads(answer.response_body)
        assert STORE_DOWN in body["detail"]
        assert "username" not in body


@pytest.mark.parametrize("mode", ["session", "jwt"])
def test_logins_are_refused_with_503_while_redis_is_down(cluster, password, mode, redis_down):
    client = cluster.client(mode)

    # The failed-login counters live in Redis too (the default cache): no login can be
    # checked against the limit, so none is let through, and none is a 500.
    with pytest.raises(ServerError) as refused:
        client.login("bob", password)
    assert refused.value.status == 503
    assert "sessionid" not in client.cookie_names()
    assert client.auth.headers_for("GET").get("Authorization") is None


def test_jwt_requests_keep_working_while_redis_is_down(cluster, jwt_client, redis_down):
    client = cluster.client()
    access = access_token(jwt_client)

    answers = from_every_replica(cluster, lambda: me(client, access=access))
    assert {answer.status for answer in answers} == {200}
    assert jwt_client.create_note("during the outage", "")["title"] == "during the outage"
    body = {"refresh": refresh_token(jwt_client)}
    assert request(client, "POST", paths.JWT_REFRESH, json=body).status == 200


def test_the_api_recovers_when_redis_returns_without_a_replica_restart(cluster, session_client):
    pids = [replica.pid for replica in cluster.replicas]
    cluster.redis.stop()
    try:
        assert me(session_client).status == 503
    finally:
        cluster.redis.start()

    # The data set was saved on shutdown and reloaded: the same cookie works again.
    answers = from_every_replica(cluster, lambda: me(session_client))
    assert {answer.status for answer in answers} == {200}
    assert [replica.pid for replica in cluster.replicas] == pids
