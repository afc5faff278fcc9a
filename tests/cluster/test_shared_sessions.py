"""Shared session stores: every replica knows every session, before and after a restart."""

from collections import Counter

import pytest
import redis

from infra.cluster.check import me_by_replica

pytestmark = pytest.mark.cluster


@pytest.fixture(params=["db", "redis"])
def cluster(request, clusters):
    return clusters.get(request.param)


def test_every_replica_knows_the_session(cluster, password):
    client = cluster.client()
    client.session_login("alice", password)

    # A browser-like client: it would obey any cookie deletion, and none comes.
    tally = me_by_replica(client, count=30)

    assert tally.authenticated == Counter({name: 10 for name in cluster.replica_names})
    assert tally.total == tally.authenticated


def test_the_session_survives_restarting_every_replica(cluster, password):
    client = cluster.client()
    client.session_login("alice", password)

    for replica in cluster.replicas:
        replica.stop()
    for replica in cluster.replicas:
        replica.start()
    for replica in cluster.replicas:
        replica.wait_ready()
        cluster.wait_in_rotation(replica.name)

    tally = me_by_replica(client, count=30)
    assert tally.authenticated == Counter({name: 10 for name in cluster.replica_names})


def test_redis_sessions_live_in_redis(clusters, password):
    cluster = clusters.get("redis")
    store = redis.Redis.from_url(cluster.redis_url)
    before = set(store.scan_iter("*lab-sessions*"))

    cluster.client().session_login("alice", password)

    assert len(set(store.scan_iter("*lab-sessions*")) - before) == 1
