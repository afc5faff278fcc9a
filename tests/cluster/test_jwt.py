"""JWTs behind the load balancer, with both authenticators: any replica checks the signature."""

import pytest

from infra.cluster.check import me_by_replica
from infra.cluster.client import replica_of
from tests.cluster.conftest import assert_every_replica_answered

pytestmark = pytest.mark.cluster


@pytest.fixture(params=["db", "stateless"])
def cluster(request, clusters):
    return clusters.get("db", jwt_authenticator=request.param)


def test_an_access_token_is_accepted_by_every_replica(cluster, password):
    tokens = cluster.client().jwt_tokens("alice", password)

    tally = me_by_replica(cluster.client(), count=30, access=tokens["access"])

    assert_every_replica_answered(tally, cluster, 30)
    assert tally.authenticated == tally.total


def test_logout_on_one_replica_refuses_the_refresh_token_on_every_other(cluster, password):
    client = cluster.client()
    tokens = client.jwt_tokens("alice", password)
    rotated = client.jwt_refresh(tokens["refresh"])
    assert rotated.status_code == 200
    refresh = rotated.json()["refresh"]

    logout = client.jwt_logout(refresh)
    assert logout.status_code == 204

    attempts = [client.jwt_refresh(refresh) for _ in range(2 * len(cluster.replicas))]
    assert {attempt.status_code for attempt in attempts} == {401}
    others = set(cluster.replica_names) - {replica_of(logout)}
    assert others <= {replica_of(attempt) for attempt in attempts}


def test_logout_leaves_the_access_token_valid_until_it_expires(cluster, password):
    client = cluster.client()
    tokens = client.jwt_tokens("alice", password)

    assert client.jwt_logout(tokens["refresh"]).status_code == 204

    # Only the refresh token is blacklisted; the access token is checked by signature and
    # expiry alone, on every replica, for the rest of its lifetime (5 minutes).
    tally = me_by_replica(cluster.client(), count=6, access=tokens["access"])
    assert_every_replica_answered(tally, cluster, 6)
    assert tally.authenticated == tally.total
