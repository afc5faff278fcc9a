"""`make cluster`: N API replicas behind nginx, a Redis, the web client; Ctrl-C stops it all.

python -m infra.cluster.run --store redis --replicas 3
"""

import argparse
import contextlib
import signal
import sys
import time

from infra.cluster.cluster import Cluster, ClusterSpec, running_cluster
from infra.cluster.config import (
    DEFAULT_PORT,
    DEFAULT_REPLICAS,
    DEFAULT_STORE,
    JWT_AUTHENTICATORS,
    STORE_WARNINGS,
    STORES,
)
from infra.config import redis_url
from infra.local_services import busy_ports
from infra.servers import WebClient
from infra.tls import ensure_lab_certificates
from web_client.site_config import DEFAULT_WEB_CLIENT_PORT, topology_urls


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=STORES, default=DEFAULT_STORE)
    parser.add_argument("--replicas", type=int, default=DEFAULT_REPLICAS)
    parser.add_argument("--jwt-authenticator", choices=JWT_AUTHENTICATORS, default="db")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="nginx's port")
    parser.add_argument("--web-client-port", type=int, default=DEFAULT_WEB_CLIENT_PORT)
    parser.add_argument("--no-web-client", action="store_true")
    parser.add_argument("--https", action="store_true",
                        help="nginx and the web client over https with the lab's CA")  # fmt: skip
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(f"[cluster] {message}", flush=True)


def print_summary(cluster: Cluster, web_client: WebClient | None) -> None:
    spec = cluster.spec
    pages = topology_urls(spec.web_client_port, cluster.public_url)
    # curl resolves *.localhost itself; over https it must be told the lab's CA.
    cacert = f" --cacert {spec.tls.ca_file}" if spec.tls else ""
    shown = pages if web_client else {"same-origin": pages["same-origin"]}
    lines = [
        "",
        f"Cluster ready: {spec.replicas} replicas, SESSION_STORE={spec.store}, "
        f"JWT_AUTHENTICATOR={spec.jwt_authenticator}, Redis {cluster.redis_url}",
        f"  API through nginx   {cluster.public_url}/api/health/   (docs: /api/docs/)",
        *(f"  web client, {topology:<12} {url}" for topology, url in shown.items()),
    ]
    lines += [f"  replica {r.name:<11} http://{r.address}/api/health/" for r in cluster.replicas]
    lines += [
        f"  logs                {cluster.run_dir}",
        "",
        "Every response names its replica in X-Replica. Watch the rotation:",
        f"  for i in 1 2 3 4 5 6; do curl -s{cacert} -o /dev/null -w '%header{{x-replica}}\\n' "
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
    ports = [args.port, *range(first_replica_port, first_replica_port + args.replicas)]
    busy = busy_ports(ports + ([] if args.no_web_client else [args.web_client_port]))
    if busy:
        raise SystemExit(
            f"Port(s) {', '.join(map(str, busy))} already in use. Is `make demo` or another "
            "cluster running? Stop it, or choose other ports (--port, --web-client-port)."
        )
    spec = ClusterSpec(
        store=args.store,
        replicas=args.replicas,
        jwt_authenticator=args.jwt_authenticator,
        port=args.port,
        first_replica_port=first_replica_port,
        redis_url=redis_url() or None,
        web_client_port=args.web_client_port,
        tls=ensure_lab_certificates() if args.https else None,
    )
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    web_client = None
    try:
        with running_cluster(spec, say=say) as cluster:
            if not args.no_web_client:
                log_path = cluster.run_dir / "web-client.log"
                web_client = WebClient(args.web_client_port, api_port=args.port,
                                       log_path=log_path, tls=spec.tls)  # fmt: skip
            with web_client or contextlib.nullcontext():
                if web_client:
                    say(f"web client        port {web_client.port} (pid {web_client.pid})")
                print_summary(cluster, web_client)
                watch(cluster)
    except KeyboardInterrupt:
        pass
    say("stopped: nginx, replicas, Redis and the web client are gone.")


if __name__ == "__main__":
    main()
