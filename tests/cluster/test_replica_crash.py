"""A replica dies (SIGKILL) under load right after storing a note: nothing is lost or doubled.

The load mixes reads (GET /api/auth/me/) and writes (POST /api/notes/) from 4 client
threads through nginx. So that the crash always meets a write, not only when timing is lucky,
the replicas run with a test-only hook (tests/support/held_notes.py) that holds one chosen
write after its note and stored answer are committed and before its 201 leaves; the test
kills whichever replica holds it, the worst moment for a client that cannot tell whether its
note exists. Requests queued behind it on that replica die with it. Then:
- reads are passed by nginx to another replica (an idempotent method,
  `proxy_next_upstream error timeout`), so none fails;
- writes that had reached it are answered 502, and nginx does not send a POST twice. The
  lab's client does (the Kivy app's ApiClient.create_note): every create carries its own
  Idempotency-Key and is sent again with it, so the API replays the answer it had stored for
  the held note and creates the queued ones that the dead replica never began.

Each write has its own title, so notes are counted per request: exactly one each. A second
test kills a replica one step earlier, with the key claimed and the note not yet written: the
key stays refused (409) until the dead request's lease ends, then one repeat creates the note.
Counts per run are printed and kept in tests/cluster/artifacts/replica_crash.json.
"""

import contextlib
import json
import sqlite3
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from backend.notes.models import Note
from infra.cluster.client import me, replica_of
from infra.cluster.cluster import ClusterSpec, running_cluster
from mobile_client.apiclient import ApiClient, ApiError
from mobile_client.apiclient.idempotency import HEADER as IDEMPOTENCY_HEADER
from tests.cluster.load import Load
from tests.support import held_notes

pytestmark = pytest.mark.cluster

REPLICAS = 3
THREADS = 4
REQUESTS = 300
HELD_INDEX = 102  # a write, a third of the way in
COUNTS_FILE = Path(__file__).parent / "artifacts" / "replica_crash.json"


def is_write(index: int) -> bool:
    return index % 3 == 0


def signed_in_clients(cluster, password, mode: str, count=THREADS) -> list[tuple[ApiClient, list]]:
    """Signed-in clients (one per thread), each with the log of every request it sent."""
    clients = []
    for _ in range(count):
        log = []
        client = cluster.client(mode, on_exchange=log.append)
        client.login("alice", password)
        clients.append((client, log))
    return clients


def resends(log: list) -> list[tuple[str, str]]:
    """(key, why) for every keyed write sent again; why: the previous attempt's outcome."""
    last, again = {}, []
    for exchange in log:
        key = dict(exchange.request_headers).get(IDEMPOTENCY_HEADER)
        if key in last:
            again.append((key, last[key]))
        if key:
            last[key] = str(exchange.status or exchange.error)
    return again


def notes_in_database(cluster, title: str) -> int:
    """Read straight from the shared database (no replica involved)."""
    env, table = cluster.replicas[0].env, Note._meta.db_table
    query = f"SELECT COUNT(*) FROM {table} WHERE title = %s"
    if env.get("DATABASE_URL"):
        with psycopg.connect(env["DATABASE_URL"]) as connection:
            return connection.execute(query, (title,)).fetchone()[0]
    with sqlite3.connect(env["SQLITE_PATH"]) as connection:
        return connection.execute(query.replace("%s", "?"), (title,)).fetchone()[0]


@contextlib.contextmanager
def held_cluster(tmp_path, cluster_database, redis_url, password, hooks, **spec_fields):
    """A cluster of this suite's shape whose replicas load the held_notes hooks."""
    spec = ClusterSpec(
        replicas=REPLICAS,
        redis_url=redis_url,
        database_env=cluster_database,
        prepare_database=False,
        settings_module=held_notes.SETTINGS_MODULE,
        extra_env={"DEMO_PASSWORD": password, **hooks},
        **spec_fields,
    )
    run_dir = tmp_path / "cluster"
    run_dir.mkdir()
    with running_cluster(spec, run_dir=run_dir) as cluster:
        yield cluster


def keep_counts(run: str, counts: dict) -> None:
    COUNTS_FILE.parent.mkdir(exist_ok=True)
    kept = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    COUNTS_FILE.write_text(json.dumps({**kept, run: counts}, indent=2, sort_keys=True) + "\n")


@pytest.mark.parametrize(
    ("credential", "store", "authenticator"),
    [
        ("session", "db", "db"),
        ("session", "redis", "db"),
        ("jwt", "db", "db"),
        ("jwt", "db", "stateless"),
    ],
)
def test_a_replica_killed_before_answering_loses_and_doubles_no_note(
    cluster_database, shared_redis_url, tmp_path, password, credential, store, authenticator,
    request,
):  # fmt: skip
    hooks = held_notes.environment(tmp_path)
    with held_cluster(
        tmp_path, cluster_database, shared_redis_url, password, hooks,
        store=store, jwt_authenticator=authenticator,
    ) as cluster:  # fmt: skip
        signed_in = signed_in_clients(cluster, password, credential)
        logs = {id(client): log for client, log in signed_in}
        clients = [client for client, _ in signed_in]
        tag = f"crash-{uuid.uuid4().hex[:8]}"

        def title_of(index: int) -> str:
            held = f"{held_notes.HOLD_ANSWER_PREFIX} " if index == HELD_INDEX else ""
            return f"{held}{tag}-{index}"

        def send(client: ApiClient, index: int) -> tuple[int, str]:
            if is_write(index):
                client.create_note(title_of(index), "")
                answer = logs[id(client)][-1]
            else:
                answer = me(client)
            return answer.status, replica_of(answer)

        load = Load(clients, send, count=REQUESTS, time_limit=60).start()
        try:
            victim = cluster.replica(held_notes.holder(hooks))
            stored_before_crash = notes_in_database(cluster, title_of(HELD_INDEX))
            victim.kill()
            issued_before_kill = load.issued
        finally:
            held_notes.release(hooks)  # only matters if the test failed before the kill
            outcomes = load.join()
        listed = clients[0].list_notes()

    assert stored_before_crash == 1, "the held note was not committed before the crash"
    assert len(outcomes) == REQUESTS, "the load did not finish within its time limit"
    reads = [o for o in outcomes if not is_write(o.index)]
    writes = [o for o in outcomes if is_write(o.index)]
    notes_per_title = Counter(note["title"] for note in listed)
    notes_per_write = [notes_per_title[title_of(o.index)] for o in writes]
    resent = [entry for _, log in signed_in for entry in resends(log)]
    counts = {
        "sent": len(writes),
        "retried": len({key for key, _ in resent}),
        "resends": dict(Counter(why for _, why in resent)),
        "answered_201": sum(o.status == 201 for o in writes),
        "lost": notes_per_write.count(0),
        "duplicated": sum(n - 1 for n in notes_per_write if n > 1),
        "reads_failed": sum(o.status != 200 for o in reads),
    }
    database = "postgresql" if cluster_database.get("DATABASE_URL") else "sqlite"
    run = f"{request.node.callspec.id} ({database})"
    keep_counts(run, counts)
    print(f"\n{run}: {counts}")
    assert counts["lost"] == 0, counts
    assert counts["duplicated"] == 0, counts
    assert counts["answered_201"] == counts["sent"], [o for o in writes if o.status != 201]
    assert counts["retried"] >= 1, "the held write was not sent again"
    assert counts["reads_failed"] == 0, [o for o in reads if o.status != 200]
    # Nothing was answered by the dead replica after its death.
    assert victim.name not in {o.replica for o in outcomes[issued_before_kill:]}


# Short enough for the client's own patience (3 attempts, at most 2 s apart).
LEASE_SECONDS = 1


def test_a_claim_left_by_a_replica_killed_mid_write_runs_out_with_its_lease(
    cluster_database, shared_redis_url, tmp_path, password
):
    """The worst moment for the key: claimed and committed, the note not yet. Repeats are
    refused (409, Retry-After) until the dead request's lease ends, then one creates it."""
    hooks = held_notes.environment(tmp_path, lease_seconds=LEASE_SECONDS)
    with held_cluster(tmp_path, cluster_database, shared_redis_url, password, hooks) as cluster:
        [(client, log)] = signed_in_clients(cluster, password, "jwt", count=1)
        title = f"{held_notes.HOLD_IN_TRANSACTION} {uuid.uuid4().hex[:8]}"
        answer: dict = {}

        def create():
            started = time.monotonic()
            try:
                client.create_note(title, "")
            except ApiError as error:
                answer["error"] = error
            answer["last"] = log[-1]
            answer["seconds"] = time.monotonic() - started

        sender = threading.Thread(target=create)
        sender.start()
        try:
            cluster.replica(held_notes.holder(hooks)).kill()
        finally:
            held_notes.release(hooks)  # only matters if the test failed before the kill
            sender.join(timeout=60)
        listed = client.list_notes()

    database = "postgresql" if cluster_database.get("DATABASE_URL") else "sqlite"
    run = f"killed mid-write, lease {LEASE_SECONDS} s ({database})"
    counts = {
        "resends": dict(Counter(why for _, why in resends(log))),
        "seconds_to_201": round(answer["seconds"], 1),
        "notes": [note["title"] for note in listed].count(title),
    }
    keep_counts(run, counts)
    print(f"\n{run}: {counts}")
    assert "error" not in answer, answer
    assert answer["last"].status == 201
    # Created after the crash, not replayed.
    assert "Idempotent-Replayed" not in dict(answer["last"].response_headers)
    assert answer["seconds"] >= LEASE_SECONDS  # the dead claim held the key until its lease
    assert counts["notes"] == 1
    assert "502" in counts["resends"]
