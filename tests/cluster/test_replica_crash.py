"""A replica dies (SIGKILL) in the middle of a load: what do logged-in users lose?

The load mixes reads (GET /api/auth/me/) and writes (POST /api/notes/) from 4 client
threads. With a shared session store, or with JWTs, the surviving replicas serve every user;
what can be lost is only what was inside the killed process at that moment, at most one
request per client thread:
- a read waiting there, or cut off before its answer began, is passed by nginx to the next
  replica (an idempotent method, `proxy_next_upstream error timeout`); the access log shows
  those retries. Only the one read whose answer was already being sent can break off;
- a write that reached it is answered 502 and not retried (the note may or may not have
  been written). Every 201 is a note that exists afterwards.
"""

import uuid

import pytest

from infra.cluster.client import LabClient
from infra.cluster.load import NO_RESPONSE, Load

pytestmark = pytest.mark.cluster

THREADS = 4
REQUESTS = 300
KILL_AFTER = 100


def is_write(index: int) -> bool:
    return index % 3 == 0


def session_clients(cluster, password) -> tuple[list[LabClient], dict]:
    client = cluster.client()
    client.session_login("alice", password)
    return [client.clone() for _ in range(THREADS)], {}


def jwt_clients(cluster, password) -> tuple[list[LabClient], dict]:
    access = cluster.client().jwt_tokens("alice", password)["access"]
    return [cluster.client() for _ in range(THREADS)], {"Authorization": f"Bearer {access}"}


@pytest.mark.parametrize(
    ("credential", "store", "authenticator"),
    [
        ("session", "db", "db"),
        ("session", "redis", "db"),
        ("jwt", "db", "db"),
        ("jwt", "db", "stateless"),
    ],
)
def test_a_killed_replica_loses_only_the_writes_in_flight_on_it(
    clusters, password, credential, store, authenticator
):
    cluster = clusters.get(store, jwt_authenticator=authenticator)
    make_clients = session_clients if credential == "session" else jwt_clients
    clients, headers = make_clients(cluster, password)
    tag = f"crash-{uuid.uuid4().hex[:8]}"
    victim = cluster.replica("api-2")
    cluster.wait_in_rotation(victim.name)
    log_offset = cluster.nginx.error_log.stat().st_size

    def send(client: LabClient, index: int):
        if is_write(index):
            return client.post("/api/notes/", json={"title": f"{tag}-{index}"}, headers=headers)
        return client.get("/api/auth/me/", headers=headers)

    load = Load(clients, send, count=REQUESTS, time_limit=60).start()
    try:
        load.wait_for(KILL_AFTER)
        victim.kill()
        issued_before_kill = load.issued
        outcomes = load.join()
    finally:
        cluster.restart_replica(victim.name)

    assert len(outcomes) == REQUESTS, "the load did not finish within its time limit"
    reads = [o for o in outcomes if not is_write(o.index)]
    writes = [o for o in outcomes if is_write(o.index)]
    failed_reads = [o for o in reads if o.status != 200]
    failed_writes = [o for o in writes if o.status != 201]
    # The one request the killed worker was answering can break off mid-response.
    assert len(failed_reads) <= 1, failed_reads
    assert {o.status for o in failed_reads} <= {NO_RESPONSE}
    assert {o.status for o in failed_writes} <= {502, NO_RESPONSE}
    assert len(failed_reads + failed_writes) <= THREADS, "more failed than could be in flight"

    titles = {note["title"] for note in clients[0].get("/api/notes/", headers=headers).json()}
    created = {f"{tag}-{o.index}" for o in writes if o.status == 201}
    assert created <= titles, "a write that was answered 201 is missing"
    assert len({t for t in titles if t.startswith(tag)} - created) <= len(failed_writes)

    # The load really met the dead replica: nginx logged a refused or broken connection.
    with cluster.nginx.error_log.open() as log:
        log.seek(log_offset)
        assert any(f'upstream: "http://{victim.address}/' in line for line in log)
    served_after_kill = {o.replica for o in outcomes[issued_before_kill:]}
    assert victim.name not in served_after_kill
