"""JWTs behind the load balancer, with both authenticators: any replica checks the signature."""

import pytest

from infra.cluster.check import me_by_replica
from infra.cluster.client import access_token, refresh_token, replica_of, request
from mobile_client.apiclient import paths
from tests.cluster.conftest import assert_every_replica_answered, sign_in

pytestmark = pytest.mark.cluster


@pytest.fixture(params=["db", "stateless"])
def cluster(request, clusters):
    return clusters.get("db", jwt_authenticator=request.param)


def post_token(cluster, path: str, refresh: str):
    """The refresh token alone, sent by a client that holds nothing else."""
    return request(cluster.client(), "POST", path, json={"refresh": refresh})


def test_an_access_token_is_accepted_by_every_replica(cluster, password):
    client, _ = sign_in(cluster, password, "jwt")

    tally = me_by_replica(cluster.client(), count=30, access=access_token(client))

    assert_every_replica_answered(tally, cluster, 30)
    assert tally.authenticated == tally.total


def test_logout_on_one_replica_refuses_the_refresh_token_on_every_other(cluster, password):
    client, _ = sign_in(cluster, password, "jwt")
    rotated = post_token(cluster, paths.JWT_REFRESH, refresh_token(client))
    assert rotated.status == 200
    refresh = rotated.data["refresh"]

    logout = post_token(cluster, paths.JWT_LOGOUT, refresh)
    assert logout.status == 204

    attempts = [
        post_token(cluster, paths.JWT_REFRESH, refresh) for _ in range(2 * len(cluster.replicas))
    ]
    assert {attempt.status for attempt in attempts} == {401}
    others = set(cluster.replica_names) - {replica_of(logout)}
    assert others <= {replica_of(attempt) for attempt in attempts}


def test_logout_leaves_the_access_token_valid_until_it_expires(cluster, password):
    client, _ = sign_in(cluster, password, "jwt")
    access = access_token(client)

    client.logout()  # blacklists the refresh token on the server

    # Only the refresh token is blacklisted; the access token is checked by signature and
    # expiry alone, on every replica, for the rest of its lifetime (5 minutes).
    tally = me_by_replica(cluster.client(), count=6, access=access)
    assert_every_replica_answered(tally, cluster, 6)
    assert tally.authenticated == tally.total
