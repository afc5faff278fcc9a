"""`make state-size`: server-side bytes per live session in each store, and what JWTs cost instead.

Runs `state_probe` once per store (a process each: Django settings are per process) against a
private redis-server and a private database (PostgreSQL when DATABASE_URL is set, else
SQLite), then prints the measurements and a capacity projection computed from them.
"""

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from infra.cluster.capacity import USER_COUNTS, Assumptions, measured_from, projection
from infra.cluster.config import REPO_ROOT, inherited_environment, shared_database_url
from infra.cluster.redis_server import PrivateRedis
from infra.cluster.replicas import prepare_database
from infra.local_services import free_port, fresh_database_env

SESSION_STORES = ("db", "cached_db", "redis", "memory", "signed")
JWT_AUTHENTICATORS = {"jwt (db authenticator)": "db", "jwt (stateless)": "stateless"}
WHERE = {
    "db": "database table django_session",
    "cached_db": "database table + Redis copy",
    "redis": "Redis",
    "memory": "each replica's process memory",
    "signed": "nowhere: the cookie is the session",
}


def run_probe(kind: str, counts: list[int], env: dict[str, str]) -> dict:
    argv = [sys.executable, "-m", "infra.cluster.state_probe", "--kind", kind, "--counts"]
    done = subprocess.run(
        argv + [str(count) for count in counts],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"The {kind} probe failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def redis_gets_per_second(port: int, value_bytes: int) -> float | None:
    """GETs/s one redis-server answers here (redis-benchmark, 50 clients, 100,000 requests)."""
    benchmark = shutil.which("redis-benchmark")
    if benchmark is None:
        return None
    argv = [benchmark, "-p", str(port), "-t", "get", "-n", "100000", "-c", "50"]
    argv += ["-d", str(value_bytes), "--csv"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=True)
    rows = list(csv.DictReader(done.stdout.splitlines()))
    return float(rows[0]["rps"])


def measure(counts: list[int], say) -> tuple[dict, str]:
    """{row name: probe result}, and which database held the tables."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="lab-state-") as folder:
        redis = PrivateRedis(Path(folder), free_port())
        redis.start()
        try:
            with fresh_database_env(shared_database_url()) as database_env:
                # Production's 5-minute access tokens, not the demo's 60 s (which exist to
                # make the revocation timeline watchable): the capacity note counts refreshes.
                env = {**inherited_environment(), **database_env, "REDIS_URL": redis.url,
                       "DJANGO_SETTINGS_MODULE": "backend.config.settings.local",
                       "JWT_ACCESS_TTL_SECONDS": "300"}  # fmt: skip
                prepare_database(env, Path(folder) / "manage.log")
                for store in SESSION_STORES:
                    say(f"SESSION_STORE={store}: {' and '.join(map(str, counts))} sessions")
                    results[store] = run_probe("session", counts, {**env, "SESSION_STORE": store})
                for name, authenticator in JWT_AUTHENTICATORS.items():
                    say(f"JWT_AUTHENTICATOR={authenticator}")
                    jwt_counts = counts if authenticator == "db" else []
                    jwt_env = {**env, "JWT_AUTHENTICATOR": authenticator}
                    results[name] = run_probe("jwt", jwt_counts, jwt_env)
                say("redis-benchmark: GETs/s of one redis-server on this machine")
                value_bytes = results["redis"]["redis_key_bytes"]
                results["redis"]["gets_per_second"] = redis_gets_per_second(redis.port, value_bytes)
        finally:
            redis.stop()
    database = "PostgreSQL" if database_env.get("DATABASE_URL") else "SQLite"
    return results, database


def state_table(results: dict, counts: list[int], database: str) -> str:
    head = " | ".join(f"bytes/session at {count:,}" for count in counts)
    lines = [
        f"| store | state lives in | {head} | credential bytes per request "
        "| store work per request | session loads/s (1 process) |",
        "|---|---|" + "---:|" * (len(counts) + 3),
    ]
    for store in SESSION_STORES:
        result = results[store]
        cells = [_bytes_cell(result["sizes"].get(str(count), {}), count) for count in counts]
        lines.append(
            f"| {store} | {WHERE[store].replace('database', database)} | {' | '.join(cells)} "
            f"| {result['cookie_header_bytes']} (Cookie) | {_work(result['per_request'])} "
            f"| {result.get('reads_per_second_one_process', '-')} |"
        )
    for name in JWT_AUTHENTICATORS:
        result = results[name]
        zeros = " | ".join("0" for _ in counts)
        lines.append(
            f"| {name} | nothing per request | {zeros} "
            f"| {result['authorization_header_bytes']} (Authorization) "
            f"| {_work(result['per_request'])} | - |"
        )
    return "\n".join(lines)


def _work(cost: dict) -> str:
    parts = [f"{cost['db_reads']:g} SQL read"]
    if cost["db_writes"]:
        parts.append(f"{cost['db_writes']:g} SQL write")
    if cost["redis_commands"]:
        parts.append(f"{cost['redis_commands']:g} Redis")
    return " + ".join(parts)


def _bytes_cell(sizes: dict, count: int) -> str:
    if not sizes:
        return "0"
    total = sum(sizes.values()) / count
    parts = " + ".join(f"{value / count:,.0f} {meter}" for meter, value in sizes.items())
    return f"{total:,.0f}" + (f" ({parts})" if len(sizes) > 1 else "")


def jwt_table(result: dict, counts: list[int]) -> str:
    head = " | ".join(f"{count:,} tokens" for count in counts)
    lines = [f"| JWT state (simplejwt blacklist app) | {head} |", "|---|" + "---:|" * len(counts)]
    for part, label in (
        ("outstanding", "outstanding row per issued refresh token"),
        ("blacklisted", "blacklisted row per logout or rotation"),
    ):
        cells = " | ".join(f"{result['sizes'][str(c)][part] / c:,.0f} B" for c in counts)
        lines.append(f"| {label} | {cells} |")
    return "\n".join(lines)


def capacity_table(results: dict, assume: Assumptions) -> str:
    measured = measured_from(results)
    columns = [projection(measured, assume, users) for users in USER_COUNTS]
    lines = [
        "| at N active users | " + " | ".join(f"{users:,}" for users in USER_COUNTS) + " |",
        "|---|" + "---:|" * len(USER_COUNTS),
    ]
    for label in columns[0]:
        lines.append(f"| {label} | " + " | ".join(column[label] for column in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--requests-per-user-per-second", type=float, default=0.1)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    counts = sorted(args.counts)
    assume = Assumptions(requests_per_user_per_second=args.requests_per_user_per_second)

    def say(message: str) -> None:
        print(f"[state-size] {message}", file=sys.stderr, flush=True)

    results, database = measure(counts, say)
    jwt = results["jwt (db authenticator)"]
    print(f"\nServer-side state per live session, measured in the stores ({database}, a "
          "private Redis, this process' heap for the in-process store):\n")  # fmt: skip
    print(state_table(results, counts, database))
    print(
        f"\nJWT: access token {jwt['access_token_bytes']} B, refresh token "
        f"{jwt['refresh_token_bytes']} B; a refresh costs {_work(jwt['per_refresh'])}.\n"
    )
    print(jwt_table(jwt, counts))
    gets = results["redis"].get("gets_per_second")
    if gets:
        size = results["redis"]["redis_key_bytes"]
        print(
            f"\nOne redis-server on this machine answered {gets:,.0f} GETs/s of {size}-byte "
            "values (redis-benchmark, 50 clients)."
        )
    print(f"\nCapacity, computed from the figures above. Assumption: {assume.describe()}.\n")
    print(capacity_table(results, assume))


if __name__ == "__main__":
    main()
