"""Start a whole cluster (Redis, database, N gunicorn replicas, nginx) and stop it for sure.

`running_cluster` is the one way to get a cluster: `make cluster`, `make cluster-check`, the
state-size measurement and tests/cluster all use it, with free ports unless told otherwise.
"""

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

from infra.cluster import processes
from infra.cluster.client import LabClient, replica_of
from infra.cluster.config import (
    DEFAULT_REPLICAS,
    DEFAULT_STORE,
    DEFAULT_WEB_CLIENT_PORT,
    IN_PROCESS_STORES,
    JWT_AUTHENTICATORS,
    PUBLIC_HOST,
    STORE_WARNINGS,
    STORES,
    inherited_environment,
    shared_database_url,
)
from infra.cluster.nginx import Nginx
from infra.cluster.redis_server import PrivateRedis
from infra.cluster.replicas import Replica, prepare_database
from infra.local_services import free_port


@dataclass(frozen=True)
class ClusterSpec:
    store: str = DEFAULT_STORE
    replicas: int = DEFAULT_REPLICAS
    jwt_authenticator: str = "db"
    # None: a free port for nginx, free ports for the replicas.
    port: int | None = None
    first_replica_port: int | None = None
    # None: start a private redis-server. Otherwise the URL of a Redis the caller owns.
    redis_url: str | None = None
    # None: DATABASE_URL from the shell, or else a fresh SQLite file in the run directory.
    database_env: dict[str, str] | None = None
    prepare_database: bool = True
    settings_module: str = "backend.config.settings.local"
    web_client_port: int = DEFAULT_WEB_CLIENT_PORT
    extra_env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.store not in STORES:
            raise ValueError(f"Unknown store {self.store!r}; choose one of {', '.join(STORES)}.")
        if self.jwt_authenticator not in JWT_AUTHENTICATORS:
            raise ValueError(f"Unknown JWT authenticator {self.jwt_authenticator!r}.")
        if self.replicas < 1:
            raise ValueError("A cluster needs at least one replica.")


@dataclass
class Cluster:
    spec: ClusterSpec
    run_dir: Path
    nginx: Nginx
    replicas: list[Replica]
    redis_url: str
    redis: PrivateRedis | None

    @property
    def url(self) -> str:
        """Where to connect (Python clients cannot resolve *.localhost names)."""
        return f"http://127.0.0.1:{self.nginx.port}"

    @property
    def host(self) -> str:
        """The Host header a browser would send."""
        return f"{PUBLIC_HOST}:{self.nginx.port}"

    @property
    def public_url(self) -> str:
        return f"http://{self.host}"

    @property
    def replica_names(self) -> list[str]:
        return [replica.name for replica in self.replicas]

    def replica(self, name: str) -> Replica:
        return next(replica for replica in self.replicas if replica.name == name)

    def client(self, **options) -> LabClient:
        return LabClient(self.url, self.host, **options)

    def restart_replica(self, name: str) -> None:
        """Stop and start one replica, and return once nginx sends it traffic again."""
        self.replica(name).restart()
        self.wait_in_rotation(name)

    def wait_in_rotation(self, name: str, timeout: float = 10.0) -> None:
        """Wait until nginx routes to `name`: after a failure it skips a replica for a while."""
        client = self.client(timeout=2)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if replica_of(client.get("/api/health/")) == name:
                    return
            time.sleep(0.05)
        raise TimeoutError(f"nginx sent no request to {name} within {timeout:.0f} s.")


def replica_env(spec: ClusterSpec, *, name: str, port: int, redis_url: str, database_env: dict):
    """Everything one replica is told; REPLICAS is the count it declares to the backend's check."""
    declared = 1 if spec.store in IN_PROCESS_STORES else spec.replicas
    return {
        **inherited_environment(),
        **database_env,
        "DJANGO_SETTINGS_MODULE": spec.settings_module,
        "SESSION_STORE": spec.store,
        "JWT_AUTHENTICATOR": spec.jwt_authenticator,
        "REPLICA_NAME": name,
        "REPLICAS": str(declared),
        "NUM_PROXIES": "1",
        "REDIS_URL": redis_url,
        "API_PORT": str(port),
        "WEB_CLIENT_PORT": str(spec.web_client_port),
        "PYTHONUNBUFFERED": "1",
        **spec.extra_env,
    }


def _database_env(spec: ClusterSpec, run_dir: Path) -> dict[str, str]:
    if spec.database_env is not None:
        return spec.database_env
    if shared_database_url():
        return {"DATABASE_URL": shared_database_url()}
    return {"DATABASE_URL": "", "SQLITE_PATH": str(run_dir / "cluster.sqlite3")}


@contextlib.contextmanager
def running_cluster(
    spec: ClusterSpec, *, run_dir: Path | None = None, say: Callable[[str], None] = lambda _: None
) -> Iterator[Cluster]:
    """Start everything, yield the cluster, stop everything (also on error or Ctrl-C)."""
    # Fail before starting anything if a server program is missing.
    processes.find_program("nginx")
    if spec.redis_url is None:
        processes.find_program("redis-server")
    own_dir = run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="lab-cluster-")) if own_dir else run_dir
    started: list = []
    try:
        if spec.store in STORE_WARNINGS:
            say(STORE_WARNINGS[spec.store])
        redis = None
        redis_url = spec.redis_url
        if redis_url is None:
            redis = PrivateRedis(run_dir, free_port())
            redis.start()
            started.append(redis)
            redis_url = redis.url
            say(f"redis-server      {redis_url} (private, data in {run_dir})")
        database_env = _database_env(spec, run_dir)
        port, *replica_ports = _ports(spec)
        replicas = []
        for number, replica_port in enumerate(replica_ports, start=1):
            name = f"api-{number}"
            env = replica_env(
                spec, name=name, port=port, redis_url=redis_url, database_env=database_env
            )
            replicas.append(Replica(name, replica_port, env, run_dir))
        if spec.prepare_database:
            say("database          migrating and creating the demo users")
            prepare_database(replicas[0].env, run_dir / "manage.log")
        for replica in replicas:
            replica.start()
            started.append(replica)
        for replica in replicas:
            replica.wait_ready()
            say(f"replica {replica.name:<9} http://{replica.address} (pid {replica.pid})")
        nginx = Nginx(run_dir, port, [replica.address for replica in replicas])
        started.append(nginx)
        nginx.start()
        say(f"nginx             http://{PUBLIC_HOST}:{port} -> round-robin over the replicas")
        yield Cluster(spec, run_dir, nginx, replicas, redis_url, redis)
    finally:
        for component in reversed(started):
            component.stop()
        if own_dir:
            shutil.rmtree(run_dir, ignore_errors=True)


def _ports(spec: ClusterSpec) -> list[int]:
    """nginx's port, then one per replica: the fixed ones asked for, else distinct free ones."""
    chosen: list[int] = []
    while len(chosen) < spec.replicas + 1:
        port = free_port()
        if port not in chosen:
            chosen.append(port)
    if spec.port is not None:
        chosen[0] = spec.port
    if spec.first_replica_port is not None:
        chosen[1:] = [spec.first_replica_port + index for index in range(spec.replicas)]
    return chosen
