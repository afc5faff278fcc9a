"""Sessions and login counters on a real Redis Cluster (3 masters, 3 replicas), and one master
killed under load.

The cluster is private (infra/cluster/redis_cluster.py): the failover test SIGKILLs a master.
Each session lives on the shard its key hashes to; the test kills the master that holds the
most of the 30 sessions, while 3 threads send GET /api/auth/me/ with those sessions and one
thread with a bearer token. It reports (and keeps in tests/cluster/artifacts/
redis_cluster_failover.json) how many requests failed while the replica took over, and checks
what a user would notice:
- a session on the killed shard gets a 503 ("store unavailable", never a 500 or a logout)
  until the replica is promoted, then works again: the replica had a copy (replication is
  asynchronous; a session written in the last instant before a crash could be lost);
- a session on a surviving shard never fails (the shards without a master problem answer on:
  `cluster-require-full-coverage no`);
- bearer requests never touch Redis and never fail.
"""

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from infra.cluster.check import me_by_replica
from infra.cluster.client import access_token, me, session_cookie
from tests.cluster.conftest import assert_every_replica_answered, sign_in
from tests.cluster.load import Load

pytestmark = pytest.mark.cluster

SESSIONS = 30
SESSION_THREADS = 3
LOAD_LIMIT_S = 30.0
FAILOVER_LIMIT_S = 20.0
SESSION_KEY_PREFIX = "lab-sessions:1:django.contrib.sessions.cache"
COUNTS_FILE = Path(__file__).parent / "artifacts" / "redis_cluster_failover.json"


@pytest.fixture(scope="module")
def cluster(start_cluster):
    with start_cluster(store="redis-cluster", redis_url=None) as cluster:
        yield cluster


def test_every_replica_knows_a_session_kept_on_the_cluster(cluster, password):
    client, _ = sign_in(cluster, password)

    tally = me_by_replica(client, count=30)

    assert_every_replica_answered(tally, cluster, 30)
    assert tally.authenticated == tally.total  # 30/30, as with one Redis


def test_failed_logins_are_counted_on_the_cluster_across_replicas(cluster, password):
    # From an address of its own: the lock-out must not reach the other tests' logins.
    client = cluster.client(source_address="127.0.10.18")
    statuses = []
    for _ in range(12):
        try:
            client.login("bob", "not-the-password")
        except Exception as error:  # the status is what is checked
            statuses.append(getattr(error, "status", None))
    # The limit (10 a minute) holds over three replicas: the counters live on the cluster.
    assert statuses == [400] * 10 + [429, 429]


def test_a_master_killed_under_load_fails_only_its_shard_until_its_replica_takes_over(
    cluster, password
):
    nodes = cluster.redis_cluster
    cookies = [session_cookie(sign_in(cluster, password)[0]) for _ in range(SESSIONS)]
    shard_of = {c: nodes.master_of_key(SESSION_KEY_PREFIX + c) for c in cookies}
    assert len(set(shard_of.values())) == 3  # 30 sessions land on all three shards
    killed = Counter(shard_of.values()).most_common(1)[0][0]
    access = access_token(sign_in(cluster, password, "jwt")[0])

    def session_request(client, index):
        answer = me(client, session_cookie=cookies[index % SESSIONS])
        return answer.status, answer.headers.get("X-Replica", "?")

    def jwt_request(client, index):
        answer = me(client, access=access)
        return answer.status, answer.headers.get("X-Replica", "?")

    sessions = Load([cluster.client() for _ in range(SESSION_THREADS)], session_request,
                    count=100_000, time_limit=LOAD_LIMIT_S)  # fmt: skip
    bearer = Load([cluster.client()], jwt_request, count=100_000, time_limit=LOAD_LIMIT_S)
    sessions.start(), bearer.start()
    try:
        _wait_for_requests(sessions, 60)
        killed_at = sessions.issued
        nodes.kill(killed)
        failover_s = nodes.wait_healthy(timeout=FAILOVER_LIMIT_S, skip={killed})
        healthy_at = sessions.issued
        _wait_for_requests(sessions, healthy_at + 90)  # load goes on after the takeover
    finally:
        sessions.stop(), bearer.stop()
    outcomes, bearer_outcomes = sessions.join(), bearer.join()

    on_killed = [o for o in outcomes if shard_of[cookies[o.index % SESSIONS]] == killed]
    surviving = [o for o in outcomes if shard_of[cookies[o.index % SESSIONS]] != killed]
    failed = [o for o in on_killed if o.status != 200]
    after = [o for o in on_killed if o.index >= healthy_at]
    counts = {
        "session_requests": len(outcomes),
        "failover_seconds": round(failover_s, 2),
        "killed_master_port": killed,
        "sessions_on_killed_shard": sum(s == killed for s in shard_of.values()),
        "requests_on_killed_shard": len(on_killed),
        "failed_on_killed_shard": dict(Counter(o.status for o in failed)),
        "requests_on_surviving_shards": len(surviving),
        "failed_on_surviving_shards": sum(o.status != 200 for o in surviving),
        "bearer_requests": len(bearer_outcomes),
        "bearer_failed": sum(o.status != 200 for o in bearer_outcomes),
    }
    print(json.dumps(counts))
    COUNTS_FILE.parent.mkdir(exist_ok=True)
    COUNTS_FILE.write_text(json.dumps(counts, indent=1) + "\n")

    assert killed_at < healthy_at and failed, counts  # the kill met the load
    assert set(counts["failed_on_killed_shard"]) == {503}, counts  # never a 500, never a 401
    # Nothing failed before the kill (requests already in flight then may fail with it).
    assert all(o.index >= killed_at - SESSION_THREADS for o in failed), counts
    assert counts["failed_on_surviving_shards"] == 0, counts
    assert after and all(o.status == 200 for o in after[len(after) // 2 :]), counts
    assert counts["bearer_failed"] == 0 and counts["bearer_requests"] > 0, counts
    # Every session, on every shard, still works once the replica has taken over.
    client = cluster.client()
    assert {me(client, session_cookie=cookie).status for cookie in cookies} == {200}


def _wait_for_requests(load: Load, count: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while load.issued < count and time.monotonic() < deadline:
        time.sleep(0.02)
