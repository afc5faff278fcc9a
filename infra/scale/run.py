"""The scale run: private PostgreSQL database and redis-servers, one gunicorn per session store,
each store filled step by step to every size, and at each size its bytes, /me's latency and
prune_auth_state's time.

Latency is wrk against `/api/auth/me/` on the store's own gunicorn (one sync worker, one
connection: the cost of one request, not a throughput test), sending the cookie of one of the
filled sessions (or the bearer token of a real JWT login for `jwt`).
"""

import contextlib
import json
import os
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import redis as redis_lib
import requests

from infra.bench import credentials
from infra.bench.cases import ME_PATH
from infra.bench.machine import describe_machine
from infra.bench.server import COMMON_SERVER_ENV, gunicorn_servers, prepare_database, server_env
from infra.bench.wrk import require_wrk, run_wrk
from infra.cluster.state_size import redis_gets_per_second
from infra.local_services import free_port, fresh_database_env
from infra.scale.filler import session_key
from infra.scale.stores import (
    SESSION_SERVERS,
    STORES,
    fillers,
    memory_server,
    worker_rss_bytes,
)
from infra.servers import RedisServer

PASSWORD = COMMON_SERVER_ENV["DEMO_PASSWORD"]
# Production's session age; filled sessions live this long, expired ones ended an hour ago.
SESSION_AGE_S = 8 * 3600
WARM_UP_REQUESTS = 100


@dataclass(frozen=True)
class Options:
    sizes: list[int]
    stores: list[str]
    seconds: float
    latency_runs: int
    redis_benchmark: bool
    expired_fraction: float
    jwt_largest: int
    database_url: str
    out: Path
    stem: str = "scale"


def progress(message: str) -> None:
    print(f"[scale {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(options: Options) -> dict:
    started = time.monotonic()
    require_wrk()
    seed = secrets.token_hex(8)
    # Other work on the machine shows in the latencies (not in the bytes): say how much.
    load_at_start = os.getloadavg()
    steps = {store: [] for store in options.stores}
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lab-scale-")))
        database_env = stack.enter_context(fresh_database_env(options.database_url))
        redis = {}
        for store in ("redis", "cached_db"):
            (folder / store).mkdir()
            redis[store] = stack.enter_context(RedisServer(folder / store, free_port()))
            # Emptied before it stops: RedisServer saves its data set on a stop, which for a
            # million throw-away keys would take seconds.
            stack.callback(_flush, redis[store].url)
        base = {**database_env, "SESSION_COOKIE_AGE": str(SESSION_AGE_S)}
        envs = {
            store: server_env(base, {"SESSION_STORE": store,
                                     "REDIS_URL": redis[store].url if store in redis else ""})
            for store in (*SESSION_SERVERS, "memory")
        }  # fmt: skip
        progress("migrating the private database and seeding the demo users")
        prepare_database(envs["db"])
        progress("starting one gunicorn (1 sync worker) per store: db, cached_db, redis")
        servers = stack.enter_context(
            gunicorn_servers({s: envs[s] for s in SESSION_SERVERS}, workers=1, log_dir=folder)
        )
        login_key = credentials.session_headers(servers["db"].url, PASSWORD)["Cookie"][10:]
        access = credentials.jwt_tokens(servers["db"].url, PASSWORD)["access"]
        # The db store's filler always runs: it reads the real login's session for the others.
        filling = ["db", *(s for s in options.stores if s not in ("db", "memory"))]
        workers = stack.enter_context(
            fillers({s: envs["db" if s == "jwt" else s] for s in filling}, folder)
        )
        data = workers["db"].ask(op="start", store="db", seed=seed, session_key=login_key)["data"]
        for store in filling[1:]:
            kind = "redis" if store == "cached_db" else store
            workers[store].ask(op="start", store=kind, seed=seed, data=data)
        memory_rss = _memory_baseline(envs["memory"], seed, data, folder, options)
        for size in options.sizes:
            expired = max(1, round(size * options.expired_fraction))
            for store in options.stores:
                if store == "jwt" and size > options.jwt_largest:
                    continue
                if store == "memory":
                    step = _memory_step(envs["memory"], seed, data, folder, size, memory_rss,
                                        options)  # fmt: skip
                else:
                    step = _store_step(store, workers, servers, seed, access, size, expired,
                                       options)  # fmt: skip
                if store == "cached_db":
                    # Its state: the db store's rows (the same keys, filled once) + its copies.
                    step.update(bytes=step["bytes"] + steps["db"][-1]["bytes"],
                                redis_bytes=step["bytes"])  # fmt: skip
                steps[store].append(step)
                progress(_describe(store, step))
        gets = None
        if options.redis_benchmark:
            progress("redis-benchmark: GETs/s of one redis-server here, for the capacity note")
            gets = redis_gets_per_second(redis["redis"].port, len(json.dumps(data)))
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": describe_machine(),
        "database": "PostgreSQL" if database_env.get("DATABASE_URL") else "SQLite",
        "sizes": options.sizes,
        "expired_fraction": options.expired_fraction,
        "session_age_s": SESSION_AGE_S,
        "latency": {
            "path": ME_PATH,
            "seconds": options.seconds,
            "runs": f"best p99 of {options.latency_runs}",
            "connections": 1,
            "server": "gunicorn, 1 sync worker",
        },
        "redis_gets_per_second": gets,
        "stores": {store: {"where": STORES[store], "steps": steps[store]} for store in steps},
        "load_average": {"start": load_at_start, "end": os.getloadavg()},
        "elapsed_seconds": round(time.monotonic() - started),
    }


def _store_step(store, workers, servers, seed, access, size, expired, options) -> dict:
    filled = workers[store].ask(op="fill", live=size)
    step = {"live": size, "bytes": filled["bytes"], "fill_s": filled["fill_s"],
            "load_us": filled.get("load_us")}  # fmt: skip
    server = servers["db" if store == "jwt" else store]
    if store == "jwt":
        headers, kind = credentials.bearer_headers(access), "jwt"
    else:
        headers, kind = {"Cookie": f"sessionid={session_key(seed, size // 2)}"}, "session"
    step.update(_latency(server.url, headers, kind, options))
    if store == "cached_db":
        step.update(prune_s=None, prune_note="the db store's table: see db")
    else:
        pruned = workers[store].ask(op="prune", expired=expired)
        step.update(expired=expired, **pruned)
    return step


def _memory_baseline(env, seed, data, folder, options) -> int | None:
    if "memory" not in options.stores:
        return None
    path = folder / "memory-fill-0.json"
    path.write_text(json.dumps({"count": 0, "seed": seed, "data": data}))
    with memory_server(env, fill_path=path, log_dir=folder, name="memory-0") as server:
        headers = credentials.session_headers(server.url, PASSWORD)  # warm the request path
        _latency(server.url, headers, "session", options)
        return worker_rss_bytes(server)


def _memory_step(env, seed, data, folder, size, baseline, options) -> dict:
    path = folder / f"memory-fill-{size}.json"
    path.write_text(json.dumps({"count": size, "seed": seed, "data": data}))
    with memory_server(env, fill_path=path, log_dir=folder, name=f"memory-{size}") as server:
        headers = {"Cookie": f"sessionid={session_key(seed, size // 2)}"}
        step = {"live": size, **_latency(server.url, headers, "session", options)}
        step["bytes"] = worker_rss_bytes(server) - baseline
    step.update(prune_s=None, prune_note="in-process: nothing another process can prune")
    return step


def _latency(url: str, headers: dict, kind: str, options: Options) -> dict:
    """The better of `latency_runs` wrk runs: on a shared machine neighbours can only add to a
    tail latency, never take from it (the bench's timing takes the best repeat likewise)."""
    credentials.check_authenticated(url + ME_PATH, headers, kind)
    with requests.Session() as warm:  # a fresh worker's first requests pay one-off costs
        for _ in range(WARM_UP_REQUESTS):
            warm.get(url + ME_PATH, headers=headers, timeout=10)
    runs = [
        run_wrk(url + ME_PATH, headers=headers, seconds=options.seconds, connections=1)
        for _ in range(options.latency_runs)
    ]
    best = min(runs, key=lambda load: load.p99_ms)
    return {
        "p50_ms": round(best.p50_ms, 3),
        "p99_ms": round(best.p99_ms, 3),
        "p99_ms_runs": [round(load.p99_ms, 3) for load in runs],
        "rps": round(best.rps),
    }


def _flush(url: str) -> None:
    redis_lib.Redis.from_url(url, socket_timeout=30).flushall()


def _describe(store: str, step: dict) -> str:
    if step.get("prune_error"):
        return f"{store:<9} {step['live']:>9,} live: prune FAILED: {step['prune_error'][:200]}"
    prune = "" if step.get("prune_s") is None else (
        f", prune {step['prune_s']:.2f} s ({step['removed']:,} removed of {step['expired']:,}"
        " expired)"
    )  # fmt: skip
    return (f"{store:<9} {step['live']:>9,} live: {step['bytes'] / 1e6:8.1f} MB, /me p50 "
            f"{step['p50_ms']:.2f} ms p99 {step['p99_ms']:.2f} ms{prune}")  # fmt: skip
