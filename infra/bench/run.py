"""The whole benchmark: private services, one gunicorn per case (each auth style stock and
tuned), interleaved rounds, report."""

import contextlib
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import requests

from infra.bench import credentials
from infra.bench.cases import ME_PATH, NOAUTH_PATHS, STOCK_SUFFIX, TUNING, Case, select_cases
from infra.bench.cli import Options
from infra.bench.cpu import session_pids
from infra.bench.machine import describe_machine
from infra.bench.report import write_results
from infra.bench.resources import database_backend_pids, private_redis
from infra.bench.rounds import Target, run_order, run_rounds, warm_up
from infra.bench.server import (
    COMMON_SERVER_ENV,
    ServerProcess,
    gunicorn_servers,
    prepare_database,
    server_env,
)
from infra.bench.summary import (
    baseline_neighbour_change,
    baseline_spread,
    missed_targets,
    summarize,
)
from infra.bench.workers import run_json_worker
from infra.bench.wrk import require_wrk
from infra.local_services import fresh_database_env

NOTE = "Requests/s and latencies hold for this machine only; compare ratios, not absolutes."
# Above this median change between consecutive baseline runs, neighbours moved the figures
# faster than the bracketing can take out.
NOISY_NEIGHBOUR_CHANGE = 0.1


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(options: Options) -> dict:
    started = time.monotonic()
    require_wrk()
    cases = select_cases(options.cases)
    runs = run_order([Target(case.name, "", {}) for case in cases], options.rounds)
    planned = len(runs) * (options.seconds + 0.3)
    progress(
        f"{len(cases)} servers x {options.rounds} rounds x {options.seconds:g} s, the baseline "
        f"before every auth style's pair (stock, tuned): ≈ {planned:.0f} s of load, plus "
        "start-up and microbenchmarks"
    )
    with contextlib.ExitStack() as stack:
        database_env = stack.enter_context(fresh_database_env(options.database_url))
        redis = stack.enter_context(private_redis(options.redis_url))
        backend_pids = stack.enter_context(database_backend_pids(database_env))
        log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-logs-")))
        base_env = {**database_env, "REDIS_URL": redis.url, **options.extra_env}
        progress("migrating the private database and seeding the demo users")
        prepare_database(server_env(base_env, {}))
        envs = {case.name: server_env(base_env, case.server_env) for case in cases}
        progress(f"starting {len(cases)} gunicorn servers ({options.workers} workers each)")
        with gunicorn_servers(
            envs, workers=options.workers, log_dir=log_dir, wsgi_app=options.wsgi_app
        ) as servers:
            baseline_path = _baseline_path(servers["noauth"])
            shared_pids = [redis.pid] if redis.pid else []
            targets, issued = _targets(
                cases, servers, baseline_path, lambda: shared_pids + backend_pids()
            )
            progress("warming up every server")
            warm_up(targets, seconds=options.warmup_seconds, connections=options.connections)
            samples = run_rounds(
                targets,
                rounds=options.rounds,
                seconds=options.seconds,
                connections=options.connections,
                progress=progress,
            )
        entries = summarize(samples)
        if options.micro:
            names = {case.name for case in cases}
            for case in cases:
                if case.name in issued:
                    progress(f"in-process microbenchmarks: {case.name}")
                    entry = next(e for e in entries if e["name"] == case.name)
                    entry.update(_micro(case, envs[case.name], issued[case.name], names))
    spread = baseline_spread(samples)
    neighbour_change = baseline_neighbour_change(samples)
    machine = describe_machine()
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_model": machine["cpu_model"],
        "cpu_cores": machine["cpu_cores"],
        "machine": machine,
        "note": NOTE,
        "config": {
            "rounds": options.rounds,
            "seconds": options.seconds,
            "connections": options.connections,
            "workers": options.workers,
            "worker_class": "sync",
            "database": "postgresql" if database_env.get("DATABASE_URL") else "sqlite",
            "redis": "private redis-server" if redis.pid else "REDIS_URL",
            "baseline_path": baseline_path,
            "me_path": ME_PATH,
            "wsgi_app": options.wsgi_app,
            "extra_env": options.extra_env,
            "tuning": {
                "switch": TUNING,
                "stock": f"`<case>{STOCK_SUFFIX}`: {TUNING}=0, the libraries' own code",
                "tuned": f"`<case>`: {TUNING}=1, the fast paths of backend/tuning/",
            },
        },
        "elapsed_seconds": round(time.monotonic() - started),
        "baseline_rps_spread": spread,
        "baseline_neighbour_change": neighbour_change,
        "noisy": neighbour_change > NOISY_NEIGHBOUR_CHANGE,
        "cases": entries,
        "targets_missed": [entry["name"] for entry in missed_targets(entries)],
        "targets_missed_by_cpu": [e["name"] for e in entries if e["meets_target_by_cpu"] is False],
    }


def _baseline_path(server: ServerProcess) -> str:
    for path in NOAUTH_PATHS:
        if requests.get(server.base_url + path, timeout=10).status_code == 200:
            return path
    raise RuntimeError(f"None of {NOAUTH_PATHS} answers 200 without credentials")


def _targets(
    cases: tuple[Case, ...],
    servers: dict[str, ServerProcess],
    baseline_path: str,
    shared_pids: Callable[[], list[int]],
) -> tuple[list[Target], dict[str, dict]]:
    """Log in once per case through the real API; fail now if a credential does not work."""
    password = COMMON_SERVER_ENV["DEMO_PASSWORD"]
    targets, issued = [], {}
    for case in cases:
        server = servers[case.name]

        def pids(leader: int = server.process.pid) -> list[int]:
            return session_pids(leader) + shared_pids()

        if case.credential == "none":
            targets.append(Target(case.name, server.base_url + baseline_path, {}, pids))
            continue
        if case.credential == "session":
            headers = credentials.session_headers(server.base_url, password)
            issued[case.name] = {"session_key": headers["Cookie"].split("=", 1)[1]}
        else:
            tokens = credentials.jwt_tokens(server.base_url, password)
            headers = credentials.bearer_headers(tokens["access"])
            issued[case.name] = tokens
        credentials.check_authenticated(server.base_url + ME_PATH, headers, case.credential)
        targets.append(Target(case.name, server.base_url + ME_PATH, headers, pids))
    return targets, issued


def _micro(case: Case, env: dict, credential: dict, names: set[str]) -> dict:
    """Per-call costs in this case's configuration; the state per login once per auth style
    (the stock server's, the same stores either way); tuned Redis reads' staleness once."""
    job = {
        **credential,
        "state": not case.tuned or f"{case.name}{STOCK_SUFFIX}" not in names,
        "staleness": case.tuned and case.server_env.get("SESSION_STORE") == "redis",
    }
    return run_json_worker("infra.bench.micro", job, env=env, timeout=180)


def publish(results: dict, options: Options) -> list[Path]:
    json_path, md_path = write_results(results, options.out, options.stem)
    written = [json_path, md_path]
    if options.chart:
        try:
            from infra.bench.chart import write_chart
        except ImportError:
            progress("matplotlib is not installed: no chart (pip install matplotlib)")
            return written
        written.append(write_chart(results, options.out / f"{options.stem}.png"))
    return written
