"""Failed-login limits (10 a minute per username and per address) behind the load balancer.

The counters live in the default cache. With Redis (REDIS_URL) every replica counts into the
same place and the limit holds; with per-process caches each replica counts alone. Each
attacker here connects from its own loopback address (127.0.0.0/8 is all this machine), so
nginx's X-Forwarded-For carries a real, distinct client address to the backend.
"""

from collections import Counter, defaultdict

import pytest

from infra.cluster.client import replica_of, request
from mobile_client.apiclient import RateLimited, paths

pytestmark = pytest.mark.cluster

LIMIT = 10


def jwt_login(cluster, username, password, *, source_address="127.0.0.1"):
    """The token request as sent, answered whatever its status (an attacker's view)."""
    client = cluster.client(source_address=source_address)
    body = {"username": username, "password": password}
    return request(client, "POST", paths.JWT_TOKEN, json=body)


def test_ten_failures_lock_a_username_on_every_replica(clusters, password):
    cluster = clusters.get("db")
    failures = [
        jwt_login(cluster, "bob", "wrong password", source_address=f"127.0.10.{attacker}")
        for attacker in range(1, LIMIT + 1)
    ]
    assert {failure.status for failure in failures} == {400}
    # Spread over every replica, yet counted as one series.
    assert Counter(replica_of(f) for f in failures).keys() == set(cluster.replica_names)

    # Even the right password, from addresses never seen before, is refused everywhere.
    refused = [
        jwt_login(cluster, "bob", password, source_address=f"127.0.11.{attempt}")
        for attempt in range(1, 2 * len(cluster.replicas) + 1)
    ]
    assert {answer.status for answer in refused} == {429}
    assert {replica_of(answer) for answer in refused} == set(cluster.replica_names)
    assert all(int(answer.headers["Retry-After"]) > 0 for answer in refused)
    with pytest.raises(RateLimited):
        cluster.client(source_address="127.0.11.99").login("bob", password)


def test_ten_failures_lock_an_address_on_every_replica(clusters, password):
    cluster = clusters.get("db")
    attacker = "127.0.12.1"
    for guess in range(LIMIT):
        assert jwt_login(cluster, f"guess-{guess}", "x", source_address=attacker).status == 400

    refused = [
        jwt_login(cluster, "alice", password, source_address=attacker)
        for _ in range(len(cluster.replicas))
    ]
    assert {answer.status for answer in refused} == {429}
    # Another address is not affected: the limit follows the client, not nginx's address.
    assert jwt_login(cluster, "alice", password, source_address="127.0.12.2").status == 200


def test_without_a_shared_cache_each_replica_counts_alone(start_cluster, password):
    # REDIS_URL empty: the default cache is per process, so the limit is multiplied by N.
    # Guesses go on until every replica has refused one (however nginx spread them).
    with start_cluster(store="db", redis_url="") as cluster:
        statuses = defaultdict(list)
        for attempt in range(1, 2 * LIMIT * len(cluster.replicas) + 1):
            answer = jwt_login(cluster, "alice", "wrong", source_address=f"127.0.13.{attempt}")
            statuses[replica_of(answer)].append(answer.status)
            if len(statuses) == len(cluster.replicas) and all(
                429 in answers for answers in statuses.values()
            ):
                break

    assert set(statuses) == set(cluster.replica_names)
    for replica, answers in statuses.items():
        # Each replica let exactly LIMIT wrong passwords be checked, then refused them all.
        assert answers[:LIMIT] == [400] * LIMIT, (replica, answers)
        assert set(answers[LIMIT:]) == {429}, (replica, answers)
    accepted = sum(answers.count(400) for answers in statuses.values())
    assert accepted == LIMIT * len(cluster.replicas)
