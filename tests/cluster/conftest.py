"""Real clusters for the replica tests: nginx, N gunicorn replicas, Redis, one shared database.

Starting a cluster costs seconds, so clusters are shared: `clusters.get(...)` starts one per
configuration on first use and the whole pool stops after the last test of this package. A
test that kills or restarts a replica leaves it running again. Redis is this machine's server,
on a database number of our own (flushed at the start, nobody else's touched); the outage
test starts a private redis-server instead, because it stops it.
"""

import contextlib
from collections.abc import Iterator

import pytest
import redis

from infra.cluster.check import Tally
from infra.cluster.client import replica_of
from infra.cluster.cluster import Cluster, ClusterSpec, running_cluster
from infra.config import cluster_suite_redis_url, demo_password
from infra.local_services import fresh_database_env
from infra.servers import prepare_database
from mobile_client.apiclient import ApiClient
from tests.support.live_api import TEST_SETTINGS, api_env

REPLICAS = 3
# Our own database number on the machine's Redis; flushed at the start of the run.
REDIS_URL = cluster_suite_redis_url()
PASSWORD = demo_password()


@pytest.fixture(scope="session")
def shared_redis_url() -> str:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.ConnectionError as error:
        pytest.fail(f"The cluster tests need Redis at {REDIS_URL} ({error}).")
    return REDIS_URL


@pytest.fixture(scope="session")
def cluster_database(tmp_path_factory) -> Iterator[dict[str, str]]:
    """One migrated, seeded database (SQLite file, or a fresh PostgreSQL database) for all."""
    with fresh_database_env() as database_env:
        env = api_env({**database_env, "DEMO_PASSWORD": PASSWORD})
        prepare_database(env, tmp_path_factory.mktemp("cluster-db") / "manage.log")
        yield database_env


@pytest.fixture(scope="session")
def start_cluster(cluster_database, shared_redis_url, tmp_path_factory):
    """`with start_cluster(store=..., ...) as cluster:` with the suite's defaults filled in."""

    @contextlib.contextmanager
    def start(**spec_fields) -> Iterator[Cluster]:
        spec_fields.setdefault("redis_url", shared_redis_url)
        spec = ClusterSpec(
            replicas=REPLICAS,
            database_env=cluster_database,
            prepare_database=False,
            settings_module=TEST_SETTINGS,
            extra_env={"DEMO_PASSWORD": PASSWORD},
            **spec_fields,
        )
        with running_cluster(spec, run_dir=tmp_path_factory.mktemp(spec.store)) as cluster:
            yield cluster

    return start


class ClusterPool:
    def __init__(self, start):
        self._start = start
        self._running: dict[tuple, Cluster] = {}
        self._stack = contextlib.ExitStack()

    def get(self, store: str, jwt_authenticator: str = "db") -> Cluster:
        key = (store, jwt_authenticator)
        if key not in self._running:
            cluster = self._start(store=store, jwt_authenticator=jwt_authenticator)
            self._running[key] = self._stack.enter_context(cluster)
        return self._running[key]

    def close(self) -> None:
        self._stack.close()


@pytest.fixture(scope="package")
def clusters(start_cluster) -> Iterator[ClusterPool]:
    pool = ClusterPool(start_cluster)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def password() -> str:
    return PASSWORD


def sign_in(cluster: Cluster, password: str, mode: str = "session", *, username="alice",
            **options) -> tuple[ApiClient, str]:  # fmt: skip
    """A client signed in through nginx, and the replica that signed it in."""
    log = []
    client = cluster.client(mode, on_exchange=log.append, **options)
    client.login(username, password)
    return client, replica_of(log[-1])


def assert_every_replica_answered(tally: Tally, cluster: Cluster, count: int) -> None:
    """All `count` requests were answered, and every replica answered some of them.

    No exact split is demanded: nginx skips a replica that was slow to accept a connection for
    a second, so one slow replica may serve fewer than its share.
    """
    assert sum(tally.total.values()) == count, tally.total
    answered = {name for name, answers in tally.total.items() if answers}
    assert answered == set(cluster.replica_names), tally.total


def recognised_by(tally: Tally) -> set[str]:
    """The replicas that answered at least one request as the signed-in user."""
    return {name for name, answers in tally.authenticated.items() if answers}
