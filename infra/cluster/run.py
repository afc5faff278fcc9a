"""`make cluster`: N API replicas behind nginx, a Redis, the web client; Ctrl-C stops it all.

python -m infra.cluster.run --store redis --replicas 3
"""

import argparse
import signal
import socket
import sys
import time

from infra.cluster.cluster import Cluster, ClusterSpec, running_cluster
from infra.cluster.config import (
    DEFAULT_PORT,
    DEFAULT_REPLICAS,
    DEFAULT_STORE,
    DEFAULT_WEB_CLIENT_PORT,
    JWT_AUTHENTICATORS,
    STORE_WARNINGS,
    STORES,
    shared_redis_url,
)
from infra.cluster.web_client import WebClientServer


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=STORES, default=DEFAULT_STORE)
    parser.add_argument("--replicas", type=int, default=DEFAULT_REPLICAS)
    parser.add_argument("--jwt-authenticator", choices=JWT_AUTHENTICATORS, default="db")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="nginx's port")
    parser.add_argument("--web-client-port", type=int, default=DEFAULT_WEB_CLIENT_PORT)
    parser.add_argument("--no-web-client", action="store_true")
    return parser.parse_args(argv)


def require_free(port: int, what: str) -> None:
    with socket.socket() as probe:
        # As servers do: a port whose last connections are in TIME_WAIT is free to listen on.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise SystemExit(
                f"Port {port} ({what}) is already in use. Is `make demo` or another cluster "
                "running? Stop it, or choose other ports (--port, --web-client-port)."
            ) from None


def say(message: str) -> None:
    print(f"[cluster] {message}", flush=True)


def print_summary(cluster: Cluster, web_client: WebClientServer | None) -> None:
    spec = cluster.spec
    lines = [
        "",
        f"Cluster ready: {spec.replicas} replicas, SESSION_STORE={spec.store}, "
        f"JWT_AUTHENTICATOR={spec.jwt_authenticator}, Redis {cluster.redis_url}",
        f"  API through nginx   {cluster.public_url}/api/health/   (docs: /api/docs/)",
        f"  web client          {cluster.public_url}/app/   (same origin as the API)",
    ]
    if web_client is not None:
        lines += [f"                      {url}" for url in web_client.urls]
    lines += [f"  replica {r.name:<11} http://{r.address}/api/health/" for r in cluster.replicas]
    lines += [
        f"  logs                {cluster.run_dir}",
        "",
        "Every response names its replica in X-Replica. Watch the rotation:",
        f"  for i in 1 2 3 4 5 6; do curl -s -o /dev/null -w '%header{{x-replica}}\\n' "
        f"{cluster.public_url}/api/health/; done",
        "Measure it: make cluster-check.  Press Ctrl-C to stop everything.",
    ]
    if spec.store in STORE_WARNINGS:
        lines.append(f"NOTE: {STORE_WARNINGS[spec.store]}")
    print("\n".join(lines), flush=True)


def watch(cluster: Cluster) -> None:
    """Wait for Ctrl-C; report a replica that dies (a crash is part of the lab, not an exit)."""
    reported: set[str] = set()
    try:
        while True:
            time.sleep(1)
            for replica in cluster.replicas:
                if replica.process.poll() is not None and replica.name not in reported:
                    reported.add(replica.name)
                    say(f"replica {replica.name} exited (status {replica.process.returncode}); "
                        f"nginx now skips it. Log: {replica.log_path}")  # fmt: skip
    except KeyboardInterrupt:
        # A second Ctrl-C must not cut the cleanup short and leave servers behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        say("stopping ...")


def _stop_like_ctrl_c(signum, frame) -> None:
    """`kill PID` cleans up exactly as Ctrl-C does."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    first_replica_port = args.port + 1
    require_free(args.port, "nginx")
    for offset in range(args.replicas):
        require_free(first_replica_port + offset, f"replica api-{offset + 1}")
    if not args.no_web_client:
        require_free(args.web_client_port, "web client")
    spec = ClusterSpec(
        store=args.store,
        replicas=args.replicas,
        jwt_authenticator=args.jwt_authenticator,
        port=args.port,
        first_replica_port=first_replica_port,
        redis_url=shared_redis_url() or None,
        web_client_port=args.web_client_port,
    )
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    web_client = None
    try:
        with running_cluster(spec, say=say) as cluster:
            if not args.no_web_client:
                web_client = WebClientServer.start_if_present(
                    cluster.run_dir, port=args.web_client_port, api_port=args.port, say=say
                )
            try:
                print_summary(cluster, web_client)
                watch(cluster)
            finally:
                if web_client is not None:
                    web_client.stop()
    except KeyboardInterrupt:
        pass
    say("stopped: nginx, replicas, Redis and the web client are gone.")


if __name__ == "__main__":
    main()
