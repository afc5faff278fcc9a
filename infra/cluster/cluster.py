"""Start a whole cluster (Redis, database, N gunicorn replicas, nginx) and stop it for sure.

`running_cluster` is the one way to get a cluster: `make cluster`, `make cluster-check`,
tests/cluster and the browser's scaling test all use it, with free ports unless told otherwise.
Every process in it is one of infra.servers' kinds.
"""

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from infra.cluster.client import lab_client, paths, replica_of, request
from infra.cluster.config import (
    DEFAULT_REPLICAS,
    DEFAULT_STORE,
    IN_PROCESS_STORES,
    JWT_AUTHENTICATORS,
    PUBLIC_HOST,
    REDIS_CLUSTER_STORES,
    STORE_WARNINGS,
    STORES,
)
from infra.cluster.nginx import Nginx
from infra.cluster.redis_cluster import RedisClusterNodes
from infra.config import database_url, inherited_environment
from infra.local_services import free_port
from infra.servers import Gunicorn, RedisServer, find_program, prepare_database
from infra.tls import LabTls, server_env
from mobile_client.apiclient import ApiClient, ApiError
from web_client.site_config import DEFAULT_WEB_CLIENT_PORT, public_api_origin


@dataclass(frozen=True)
class ClusterSpec:
    store: str = DEFAULT_STORE
    replicas: int = DEFAULT_REPLICAS
    jwt_authenticator: str = "db"
    # None: a free port for nginx, free ports for the replicas.
    port: int | None = None
    first_replica_port: int | None = None
    # None: start a private redis-server (STORE=redis-cluster: a private Redis Cluster).
    # Otherwise the URL of a Redis (or of one cluster node) the caller owns.
    redis_url: str | None = None
    # None: DATABASE_URL from the shell, or else a fresh SQLite file in the run directory.
    database_env: dict[str, str] | None = None
    prepare_database: bool = True
    settings_module: str = "backend.config.settings.local"
    web_client_port: int = DEFAULT_WEB_CLIENT_PORT
    extra_env: dict[str, str] = field(default_factory=dict)
    # https mode: nginx serves the lab's certificate and the replicas' origins are https.
    tls: LabTls | None = None

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
    replicas: list[Gunicorn]
    redis_url: str
    redis: RedisServer | None
    redis_cluster: RedisClusterNodes | None = None

    @property
    def url(self) -> str:
        """Where to connect (Python clients cannot resolve *.localhost names)."""
        return self.nginx.url

    @property
    def host(self) -> str:
        """The Host header a browser would send."""
        return f"{PUBLIC_HOST}:{self.nginx.port}"

    @property
    def public_url(self) -> str:
        return public_api_origin(self.nginx.port, self.nginx.scheme)

    @property
    def replica_names(self) -> list[str]:
        return [replica.name for replica in self.replicas]

    def replica(self, name: str) -> Gunicorn:
        return next(replica for replica in self.replicas if replica.name == name)

    def client(self, mode: str = "session", **options) -> ApiClient:
        """A new client (own cookie jar, own token folder) talking to nginx as api.localhost."""
        if mode == "jwt":
            options.setdefault("token_dir", tempfile.mkdtemp(prefix="tokens-", dir=self.run_dir))
        ca_file = str(self.spec.tls.ca_file) if self.spec.tls else None
        return lab_client(self.url, self.host, mode, ca_file=ca_file, **options)

    def restart_replica(self, name: str) -> None:
        """Stop and start one replica, and return once nginx sends it traffic again."""
        self.replica(name).restart()
        self.wait_in_rotation(name)

    def wait_in_rotation(self, name: str, timeout: float = 10.0) -> None:
        """Wait until nginx routes to `name`: after a failure it skips a replica for a while."""
        client = self.client()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(ApiError):
                if replica_of(request(client, "GET", paths.HEALTH)) == name:
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
        **(server_env(spec.tls) if spec.tls else {}),
        **spec.extra_env,
    }


def _database_env(spec: ClusterSpec, run_dir: Path) -> dict[str, str]:
    if spec.database_env is not None:
        return spec.database_env
    if database_url():
        return {"DATABASE_URL": database_url()}
    return {"DATABASE_URL": "", "SQLITE_PATH": str(run_dir / "cluster.sqlite3")}


@contextlib.contextmanager
def running_cluster(
    spec: ClusterSpec, *, run_dir: Path | None = None, say: Callable[[str], None] = lambda _: None
) -> Iterator[Cluster]:
    """Start everything, yield the cluster, stop everything (also on error or Ctrl-C)."""
    # Fail before starting anything if a server program is missing.
    find_program("nginx")
    if spec.redis_url is None:
        find_program("redis-server")
    own_dir = run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="lab-cluster-")) if own_dir else run_dir
    with contextlib.ExitStack() as started:
        if own_dir:
            started.callback(shutil.rmtree, run_dir, ignore_errors=True)
        if spec.store in STORE_WARNINGS:
            say(STORE_WARNINGS[spec.store])
        redis, redis_cluster, redis_url = None, None, spec.redis_url
        if redis_url is None and spec.store in REDIS_CLUSTER_STORES:
            nodes = RedisClusterNodes(run_dir / "redis-cluster")
            redis_cluster = started.enter_context(nodes)
            redis_url = redis_cluster.url
            say(f"redis cluster     3 masters + 3 replicas on ports {nodes.ports} (private)")
        elif redis_url is None:
            redis = started.enter_context(RedisServer(run_dir, free_port()))
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
            replicas.append(Gunicorn(name, replica_port, env=env, log_path=run_dir / f"{name}.log"))
        if spec.prepare_database:
            say("database          migrating and creating the demo users")
            prepare_database(replicas[0].env, run_dir / "manage.log")
        for replica in replicas:
            started.enter_context(replica.spawn())
        for replica in replicas:
            replica.wait_ready()
            say(f"replica {replica.name:<9} http://{replica.address} (pid {replica.pid})")
        nginx = Nginx(run_dir, port, [r.address for r in replicas], tls=spec.tls)
        started.enter_context(nginx)
        say(f"nginx             {nginx.scheme}://{PUBLIC_HOST}:{port} -> round-robin over the "
            "replicas")  # fmt: skip
        yield Cluster(spec, run_dir, nginx, replicas, redis_url, redis, redis_cluster)


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
