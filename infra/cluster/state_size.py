"""`make state-size`: server-side bytes per live session in each store, and what JWTs cost instead.

Runs `state_probe` once per store (a process each: Django settings are per process) against a
private redis-server and a private database (PostgreSQL when DATABASE_URL is set, else
SQLite), then prints the measurements and a capacity projection computed from them.
"""

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from infra.bench.workers import run_json_worker
from infra.cluster.capacity import USER_COUNTS, Assumptions, measured_from, projection
from infra.cluster.client import access_token, lab_client, refresh_token, session_cookie
from infra.config import DEMO_USER, database_url, demo_password, inherited_environment
from infra.local_services import free_port, fresh_database_env
from infra.servers import Gunicorn, RedisServer, prepare_database
from mobile_client.apiclient import ApiClient

SESSION_STORES = ("db", "cached_db", "redis", "memory", "signed")
JWT_AUTHENTICATORS = {"jwt (db authenticator)": "db", "jwt (stateless)": "stateless"}
WHERE = {
    "db": "database table django_session",
    "cached_db": "database table + Redis copy",
    "redis": "Redis",
    "memory": "each replica's process memory",
    "signed": "nowhere: the cookie is the session",
}


def run_probe(job: dict, env: dict[str, str]) -> dict:
    try:
        return run_json_worker("infra.cluster.state_probe", job, env=env, timeout=600)
    except RuntimeError as error:
        raise SystemExit(f"The {job['kind']} probe failed: {error}") from None


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


def logged_in(url: str, mode: str) -> ApiClient:
    client = lab_client(url, mode=mode)
    client.login(DEMO_USER, demo_password())
    return client


def measure(counts: list[int], say) -> tuple[dict, str]:
    """{row name: probe result}, and which database held the tables."""
    results = {}
    with (
        tempfile.TemporaryDirectory(prefix="lab-state-") as folder,
        RedisServer(Path(folder), free_port()) as redis,
        fresh_database_env(database_url()) as database_env,
    ):
        # Production's 5-minute access tokens, not the demo's 60 s (which exist to
        # make the revocation timeline watchable): the capacity note counts refreshes.
        env = {**inherited_environment(), **database_env, "REDIS_URL": redis.url,
               "DJANGO_SETTINGS_MODULE": "backend.config.settings.local",
               "JWT_ACCESS_TTL_SECONDS": "300"}  # fmt: skip
        prepare_database(env, Path(folder) / "manage.log")
        say("logging in through the API (gunicorn), as a client would")
        api_env = {**env, "SESSION_STORE": "db", "JWT_AUTHENTICATOR": "db"}
        api = Gunicorn("api", free_port(), env=api_env, log_path=Path(folder) / "api.log")
        with api:
            # JWT probes refresh their chain: each needs a login of its own.
            session = logged_in(api.url, "session")
            tokens = {name: logged_in(api.url, "jwt") for name in JWT_AUTHENTICATORS}
        for store in SESSION_STORES:
            say(f"SESSION_STORE={store}: {' and '.join(map(str, counts))} sessions")
            job = {"kind": "session", "counts": counts, "session_key": session_cookie(session)}
            results[store] = run_probe(job, {**env, "SESSION_STORE": store})
        for name, authenticator in JWT_AUTHENTICATORS.items():
            say(f"JWT_AUTHENTICATOR={authenticator}")
            job = {
                "kind": "jwt",
                "counts": counts if authenticator == "db" else [],
                "access": access_token(tokens[name]),
                "refresh": refresh_token(tokens[name]),
            }
            results[name] = run_probe(job, {**env, "JWT_AUTHENTICATOR": authenticator})
        say("redis-benchmark: GETs/s of one redis-server on this machine")
        value_bytes = results["redis"]["redis_key_bytes"]
        results["redis"]["gets_per_second"] = redis_gets_per_second(redis.port, value_bytes)
    database = "PostgreSQL" if database_env.get("DATABASE_URL") else "SQLite"
    return results, database


def markdown(head: list[str], rows: list[list], *, text_columns: int = 1) -> str:
    """A Markdown table whose columns after the first `text_columns` are right-aligned."""
    rule = ["---"] * text_columns + ["---:"] * (len(head) - text_columns)
    return "\n".join("| " + " | ".join(map(str, row)) + " |" for row in [head, rule, *rows])


def state_table(results: dict, counts: list[int], database: str) -> str:
    head = ["store", "state lives in", *(f"bytes/session at {count:,}" for count in counts),
            "credential bytes per request", "store work per request"]  # fmt: skip
    rows = []
    for store in SESSION_STORES:
        result = results[store]
        rows.append([
            store, WHERE[store].replace("database", database),
            *(_bytes_cell(result["sizes"].get(str(count), {}), count) for count in counts),
            f"{result['cookie_header_bytes']} (Cookie)", _work(result["per_request"]),
        ])  # fmt: skip
    for name in JWT_AUTHENTICATORS:
        result = results[name]
        rows.append([
            name, "nothing per request", *("0" for _ in counts),
            f"{result['authorization_header_bytes']} (Authorization)",
            _work(result["per_request"]),
        ])  # fmt: skip
    return markdown(head, rows, text_columns=2)


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
    labels = {
        "outstanding": "per login: simplejwt's outstanding token + the lab's refresh family",
        "blacklisted": "blacklisted row per logout or rotation",
    }
    rows = [[label, *(f"{result['sizes'][str(c)][part] / c:,.0f} B" for c in counts)]
            for part, label in labels.items()]  # fmt: skip
    return markdown(["JWT state in the database", *(f"{c:,} tokens" for c in counts)], rows)


def capacity_table(results: dict, assume: Assumptions) -> str:
    measured = measured_from(results)
    columns = [projection(measured, assume, users) for users in USER_COUNTS]
    rows = [[label, *(column[label] for column in columns)] for label in columns[0]]
    return markdown(["at N active users", *(f"{users:,}" for users in USER_COUNTS)], rows)


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
