"""`make cluster-check`: which requests stay logged in behind a round-robin load balancer.

For every session store, and for JWTs with both authenticators, start a cluster, log in once,
send 30 GET /api/auth/me/ through nginx and count, per replica (X-Replica), how many answered
as the logged-in user. Prints a Markdown table.
"""

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from infra.cluster.client import access_token, me, replica_of, session_cookie
from infra.cluster.cluster import Cluster, ClusterSpec, running_cluster
from infra.cluster.config import DEFAULT_REPLICAS, IN_PROCESS_STORES
from infra.config import DEMO_USER, database_url, demo_password
from infra.local_services import fresh_database_env
from mobile_client.apiclient import ApiClient

SESSION_STORES = ("memory", "db", "cached_db", "redis", "redis-cluster", "signed")
JWT_MODES = {"jwt (db authenticator)": "db", "jwt (stateless)": "stateless"}


@dataclass
class Tally:
    """Per replica: how many answers said "authenticated", out of how many."""

    authenticated: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)

    def cell(self, replica: str) -> str:
        return f"{self.authenticated[replica]}/{self.total[replica]}"

    @property
    def all(self) -> str:
        return f"{sum(self.authenticated.values())}/{sum(self.total.values())}"


def me_by_replica(client: ApiClient, *, count: int, **credential) -> Tally:
    """`count` sequential GET /api/auth/me/, tallied by the replica that answered."""
    tally = Tally()
    for _ in range(count):
        answer = me(client, **credential)
        replica = replica_of(answer)
        tally.total[replica] += 1
        tally.authenticated[replica] += answer.status == 200
    return tally


def session_tally(cluster: Cluster, count: int, *, like_a_browser: bool = False) -> Tally:
    """Log in once; then send the session cookie with every request.

    By default the cookie is pinned, so the tally says which replicas know the session. Like a
    browser, the client obeys the cookie deletion that a replica sends for a session it does
    not know: with in-process sessions, the first such answer logs the user out everywhere.
    """
    client = cluster.client()
    client.login(DEMO_USER, demo_password())
    if like_a_browser:
        return me_by_replica(client, count=count)
    return me_by_replica(client, count=count, session_cookie=session_cookie(client))


def jwt_tally(cluster: Cluster, count: int) -> Tally:
    signed_in = cluster.client("jwt")
    signed_in.login(DEMO_USER, demo_password())
    # A client with no cookies at all: only the bearer token can authenticate it.
    return me_by_replica(cluster.client(), count=count, access=access_token(signed_in))


def measurements(replicas: int, count: int, say) -> Iterator[tuple[str, str, Tally]]:
    """(mode, store, tally) rows; one shared, migrated database for all the clusters."""
    with fresh_database_env(database_url()) as database_env:
        prepare = True
        plans = [(store, "db") for store in SESSION_STORES] + [("db", "stateless")]
        for store, authenticator in plans:
            spec = ClusterSpec(
                store=store,
                replicas=replicas,
                jwt_authenticator=authenticator,
                database_env=database_env,
                prepare_database=prepare,
            )
            say(f"cluster: SESSION_STORE={store} JWT_AUTHENTICATOR={authenticator}")
            with running_cluster(spec) as cluster:
                prepare = False
                if authenticator == "stateless":
                    yield "jwt (stateless)", "-", jwt_tally(cluster, count)
                    continue
                yield "session", store, session_tally(cluster, count)
                if store in IN_PROCESS_STORES:
                    browser = session_tally(cluster, count, like_a_browser=True)
                    yield "session, browser-like client", store, browser
                if store == "db":
                    yield "jwt (db authenticator)", "-", jwt_tally(cluster, count)


def markdown_table(rows: list[tuple[str, str, Tally]], replicas: int) -> str:
    names = [f"api-{number}" for number in range(1, replicas + 1)]
    lines = [
        "| mode | session store | " + " | ".join(names) + " | all replicas |",
        "|---|---|" + "---:|" * (len(names) + 1),
    ]
    for mode, store, tally in rows:
        cells = " | ".join(tally.cell(name) for name in names)
        lines.append(f"| {mode} | {store} | {cells} | {tally.all} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=DEFAULT_REPLICAS)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    def say(message: str) -> None:
        print(f"[cluster-check] {message}", file=sys.stderr, flush=True)

    rows = list(measurements(args.replicas, args.requests, say))
    print(f"\nAuthenticated / total GET /api/auth/me/ per replica ({args.requests} requests "
          f"through nginx round-robin after one login):\n")  # fmt: skip
    print(markdown_table(rows, args.replicas))


if __name__ == "__main__":
    main()
