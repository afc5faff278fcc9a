"""A real Redis Cluster on private loopback ports: three masters and three replicas, each a
`redis-server --cluster-enabled yes` (infra.servers' Server), joined by
`redis-cli --cluster create … --cluster-replicas 1 --cluster-yes`.

Two settings differ from redis-server's defaults, both so that losing one master is the
partial, short outage a session store can live with:
- `cluster-node-timeout 1000` (default 15 s): a master that stops answering is declared failed
  after 1 s, and its replica takes over a second or two later, not after 15+ s;
- `cluster-require-full-coverage no` (default yes): while one shard has no master, the other
  shards keep answering; with `yes` every key on every shard would be refused until the
  replica took over.
"""

import contextlib
import subprocess
import time
from pathlib import Path

import redis
from redis.cluster import RedisCluster

from infra.local_services import free_port
from infra.servers import Server, StartupFailed, find_program

NODES = 6
NODE_TIMEOUT_MS = 1000
CREATE_TIMEOUT_S = 60


class RedisClusterNodes:
    """Six redis-servers in cluster mode, each in its own folder under `directory`."""

    def __init__(self, directory: Path, ports: list[int] | None = None):
        self.directory = directory
        self.ports = ports or _distinct_free_ports(NODES)
        self.nodes = {port: self._node(port) for port in self.ports}

    @property
    def url(self) -> str:
        """The node clients bootstrap from; they learn the other five from it."""
        return f"redis://127.0.0.1:{self.ports[0]}/0"

    def _node(self, port: int) -> Server:
        folder = self.directory / f"node-{port}"
        folder.mkdir(parents=True, exist_ok=True)
        argv = [
            find_program("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
            "--dir", str(folder), "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf",  # relative to --dir
            "--cluster-node-timeout", str(NODE_TIMEOUT_MS),
            "--cluster-require-full-coverage", "no",
            "--save", "", "--appendonly", "no",
        ]  # fmt: skip
        return Server(f"redis-cluster-{port}", port, argv, ready=lambda: _pings(port),
                      log_path=folder / "redis.log")  # fmt: skip

    def start(self) -> "RedisClusterNodes":
        for node in self.nodes.values():
            node.spawn()
        try:
            for node in self.nodes.values():
                node.wait_ready()
            self._create()
        except BaseException:
            self.stop()
            raise
        return self

    def _create(self) -> None:
        addresses = [f"127.0.0.1:{port}" for port in self.ports]
        argv = [find_program("redis-cli"), "--cluster", "create", *addresses,
                "--cluster-replicas", "1", "--cluster-yes"]  # fmt: skip
        done = subprocess.run(argv, capture_output=True, text=True, timeout=CREATE_TIMEOUT_S)
        if done.returncode != 0:
            raise StartupFailed(f"redis-cli --cluster create failed:\n{done.stdout}{done.stderr}")
        self.wait_healthy(timeout=CREATE_TIMEOUT_S)

    def stop(self) -> None:
        for node in self.nodes.values():
            node.stop()

    def __enter__(self) -> "RedisClusterNodes":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # --- what the fault tests look at -------------------------------------------------------
    def client(self) -> RedisCluster:
        return RedisCluster.from_url(self.url, socket_timeout=2, socket_connect_timeout=1)

    def topology(self, *, skip: set[int] = frozenset()) -> dict[int, dict]:
        """{port: {"role": "master"|"slave", "master_of": port|None, "state": flags}} as a live
        node sees it."""
        for port in self.ports:
            if port in skip or self.nodes[port].process.poll() is not None:
                continue
            with contextlib.suppress(redis.RedisError):
                return _parse_nodes(_node_client(port).execute_command("CLUSTER NODES"))
        raise RuntimeError("No cluster node answers CLUSTER NODES.")

    def master_of_key(self, key: str) -> int:
        slot = _node_client(self.ports[0]).execute_command("CLUSTER KEYSLOT", key)
        for port, node in self.topology().items():
            if node["role"] == "master" and any(lo <= slot <= hi for lo, hi in node["slots"]):
                return port
        raise RuntimeError(f"No master serves slot {slot}.")

    def kill(self, port: int) -> None:
        """SIGKILL one node: a crash, no goodbye to the others."""
        self.nodes[port].kill()

    def wait_healthy(self, *, timeout: float, skip: set[int] = frozenset()) -> float:
        """Wait until every slot has a live master and the nodes agree the cluster is ok;
        returns the seconds waited."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self._healthy(skip):
                return time.monotonic() - started
            time.sleep(0.1)
        raise TimeoutError(f"The Redis Cluster was not healthy within {timeout:g} s.")

    def _healthy(self, skip: set[int]) -> bool:
        live = [p for p in self.ports if p not in skip and self.nodes[p].process.poll() is None]
        try:
            states = [_node_client(p).execute_command("CLUSTER INFO") for p in live]
            topology = self.topology(skip=skip)
            # A replica that has not finished its first sync refuses to fail over
            # ("disconnected from master for longer than allowed"): healthy means in sync.
            links = [
                _node_client(port).info("replication").get("master_link_status")
                for port, node in topology.items()
                if node["role"] == "slave" and port in live
            ]
        except (redis.RedisError, RuntimeError):
            return False
        covered = sum(
            hi - lo + 1
            for port, node in topology.items()
            if node["role"] == "master" and "fail" not in node["state"] and port in live
            for lo, hi in node["slots"]
        )
        return (
            covered == 16384
            and all(link == "up" for link in links)
            and all(info["cluster_state"] == "ok" for info in states)
        )


def _node_client(port: int) -> redis.Redis:
    return redis.Redis(host="127.0.0.1", port=port, socket_timeout=2, socket_connect_timeout=1)


def _pings(port: int) -> bool:
    try:
        return bool(_node_client(port).ping())
    except redis.ConnectionError:
        return False


def _parse_nodes(parsed: dict) -> dict[int, dict]:
    """redis-py's parsed CLUSTER NODES, keyed by port: role, slots (lo, hi), flags, and the
    port of the master a replica follows."""
    port_of = {node["node_id"]: int(address.rsplit(":", 1)[1]) for address, node in parsed.items()}
    nodes = {}
    for address, node in parsed.items():
        flags = node["flags"].split(",")
        nodes[int(address.rsplit(":", 1)[1])] = {
            "role": "master" if "master" in flags else "slave",
            "state": node["flags"],
            "slots": [(int(s[0]), int(s[-1])) for s in node["slots"]],
            "replica_of": port_of.get(node["master_id"]),
        }
    return nodes


def _distinct_free_ports(count: int) -> list[int]:
    ports: list[int] = []
    # Cluster nodes also listen on port + 10000 (the cluster bus): keep both free and below 55536.
    while len(ports) < count:
        port = free_port()
        if port < 55536 and port not in ports:
            ports.append(port)
    return ports
