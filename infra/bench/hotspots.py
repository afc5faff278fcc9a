"""`python -m infra.bench.hotspots`: where each case's request time goes, in-process.

Same private services and server settings as the load benchmark, but the request path runs in
one process (the WSGI handler gunicorn calls; no HTTP, no wrk), alternating with the no-auth
baseline. It prints CPU per request (this process + its PostgreSQL backend + Redis), the
queries one request makes, and cProfile's hottest functions. `--preload MODULE` (importable
through `--env PYTHONPATH=...`) applies a prototype before measuring.
"""

import argparse
import sys
from pathlib import Path

from infra.bench.cases import ME_PATH, NOAUTH_PATHS, select_cases
from infra.bench.cli import parse_options, parse_pair
from infra.bench.resources import private_redis
from infra.bench.server import prepare_database, server_env
from infra.bench.workers import run_json_worker
from infra.local_services import fresh_database_env

BASELINE_PATH = NOAUTH_PATHS[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.bench.hotspots")
    parser.add_argument(
        "--cases", help="comma list of case names (default: every server but the baseline)"
    )
    parser.add_argument("--requests", type=int, default=2000, help="per measurement and profile")
    parser.add_argument("--top", type=int, default=25, help="functions listed per profile")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--preload", help="module imported after django.setup() (a prototype)")
    parser.add_argument("--save", type=Path, help="also write the full profiles to this folder")
    args = parser.parse_args(argv)
    extra_env = dict(parse_pair(item) for item in args.env)
    names = args.cases.split(",") if args.cases else None
    cases = [case for case in select_cases(names) if case.credential != "none"]
    defaults = parse_options([])
    with (
        fresh_database_env(defaults.database_url) as database_env,
        private_redis(defaults.redis_url) as redis,
    ):
        base_env = {**database_env, "REDIS_URL": redis.url, **extra_env}
        prepare_database(server_env(base_env, {}))
        for case in cases:
            job = {
                "credential": case.credential,
                "requests": args.requests,
                "top": args.top,
                "path": ME_PATH,
                "baseline_path": BASELINE_PATH,
                "pids": [redis.pid] if redis.pid else [],
                "preload": args.preload,
            }
            result = _profile(server_env(base_env, case.server_env), job)
            print(_headline(case.name, result))
            print(_trim(result["profile"]))
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{case.name}.txt").write_text(
                    _headline(case.name, result) + "\n" + result["profile"]
                )
    return 0


def _headline(name: str, result: dict) -> str:
    queries = [f"    {sql[:150]}" for sql in result["queries"]]
    if result["health_check"]:
        queries.insert(0, "    SELECT 1  -- CONN_HEALTH_CHECKS: before a request's first query")
    listed = "\n".join(queries) or "    (none)"
    return (
        f"\n===== {name}: CPU {result['cpu_us']:.0f} µs per request vs baseline "
        f"{result['baseline_cpu_us']:.0f} µs = {result['cpu_ratio']:.2f}x the baseline's "
        f"capacity (wall {result['wall_us']:.0f} vs {result['baseline_wall_us']:.0f} µs)\n"
        f"  queries per request: {len(queries)}\n{listed}"
    )


def _profile(env: dict, job: dict) -> dict:
    try:
        return run_json_worker("infra.bench.hotspots_worker", job, env=env, timeout=300)
    except RuntimeError as error:
        raise SystemExit(f"profiling failed: {error}") from error


def _trim(profile: str) -> str:
    """Only the tottime table on screen: --save keeps the cumulative one too."""
    return profile.split("\n\n\n")[0]


if __name__ == "__main__":
    sys.exit(main())
