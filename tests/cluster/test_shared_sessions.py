"""Shared session stores: every replica knows every session, before and after a restart."""

import subprocess
import sys

import pytest
import redis

from infra.cluster.check import me_by_replica
from infra.cluster.client import session_cookie
from infra.config import REPO_ROOT
from tests.cluster.conftest import assert_every_replica_answered, recognised_by, sign_in

pytestmark = pytest.mark.cluster


@pytest.fixture(params=["db", "redis"])
def cluster(request, clusters):
    return clusters.get(request.param)


def test_every_replica_knows_the_session(cluster, password):
    client, _ = sign_in(cluster, password)

    # A browser-like client: it would obey any cookie deletion, and none comes.
    tally = me_by_replica(client, count=30)

    assert_every_replica_answered(tally, cluster, 30)
    assert tally.authenticated == tally.total  # per replica: every answer knew alice


def test_the_session_survives_restarting_every_replica(cluster, password):
    client, _ = sign_in(cluster, password)

    for replica in cluster.replicas:
        replica.stop()
    for replica in cluster.replicas:
        replica.spawn()
    for replica in cluster.replicas:
        replica.wait_ready()
        cluster.wait_in_rotation(replica.name)

    tally = me_by_replica(client, count=30)
    assert_every_replica_answered(tally, cluster, 30)
    assert tally.authenticated == tally.total


def test_redis_sessions_live_in_redis(clusters, password):
    cluster = clusters.get("redis")
    store = redis.Redis.from_url(cluster.redis_url)
    before = set(store.scan_iter("*lab-sessions*"))

    sign_in(cluster, password)

    assert len(set(store.scan_iter("*lab-sessions*")) - before) == 1


@pytest.mark.parametrize("store", ["db", "cached_db", "redis"])
def test_logout_on_one_replica_ends_the_session_on_every_replica_at_once(clusters, store, password):
    """Replicas keep local copies of Redis keys (sessions, user snapshots): none outlives
    a logout served by another replica, not even for the next request."""
    cluster = clusters.get(store)
    client, _ = sign_in(cluster, password)
    cookie = session_cookie(client)
    warm = me_by_replica(client, count=30, session_cookie=cookie)
    assert_every_replica_answered(warm, cluster, 30)
    assert warm.total == warm.authenticated  # every replica has read (and kept) the session

    client.logout()  # on whichever replica nginx picks

    after = me_by_replica(cluster.client(), count=30, session_cookie=cookie)
    assert_every_replica_answered(after, cluster, 30)
    assert recognised_by(after) == set(), after.authenticated


def set_active(cluster, username: str, active: bool) -> None:
    """An admin's edit, from a process of its own (as `manage.py shell` on any host)."""
    code = (
        "from django.contrib.auth.models import User; "
        f"u = User.objects.get(username={username!r}); u.is_active = {active}; u.save()"
    )
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "manage.py"), "shell", "-c", code],
        cwd=REPO_ROOT,
        env=cluster.replicas[0].env,
        check=True,
        timeout=60,
        capture_output=True,
    )


@pytest.mark.parametrize("store", ["cached_db", "redis"])
def test_deactivating_the_user_ends_the_session_on_every_replica_at_once(clusters, store, password):
    cluster = clusters.get(store)
    client, _ = sign_in(cluster, password)
    warm = me_by_replica(client, count=30)
    assert_every_replica_answered(warm, cluster, 30)
    assert warm.total == warm.authenticated  # every replica has kept alice's snapshot

    set_active(cluster, "alice", False)
    try:
        after = me_by_replica(cluster.client(), count=30, session_cookie=session_cookie(client))
        assert_every_replica_answered(after, cluster, 30)
        assert recognised_by(after) == set(), after.authenticated
    finally:
        set_active(cluster, "alice", True)
