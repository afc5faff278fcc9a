"""Profiles GET /me in-process for one case: the WSGI handler gunicorn calls, under cProfile.

Run as `python -m infra.bench.hotspots_worker` in the case's environment with a JSON job on
stdin ({"credential", "requests", "top", "path", "baseline_path", "pids", "preload"}); prints
JSON with the per-request wall and CPU times of the case and of the no-auth baseline (measured
interleaved), the queries one request makes, and the hottest functions.
Used by `python -m infra.bench.hotspots`.
"""

import cProfile
import importlib
import io
import json
import os
import pstats
import sys
import time
from statistics import median

import django

from infra.bench.cpu import CpuMeter
from web_client.site_config import SAME_SITE, page_origins

HOST = "127.0.0.1"  # in ALLOWED_HOSTS; the test client's "testserver" is not
BLOCKS = 9


def login_environ_extra(client, credential: str, password: str, origin: str) -> dict:
    """Credential headers obtained through the real login views, as the load test does; a
    session login is sent from the page at `origin`."""
    if credential == "none":
        return {}
    if credential == "session":
        token = client.get("/api/auth/session/csrf/").json()["csrfToken"]
        response = client.post(
            "/api/auth/session/login/",
            {"username": "alice", "password": password},
            content_type="application/json",
            headers={"X-CSRFToken": token, "Origin": origin},
        )
        assert response.status_code == 200, response.content
        return {"HTTP_COOKIE": f"sessionid={client.cookies['sessionid'].value}"}
    response = client.post(
        "/api/auth/jwt/token/",
        {"username": "alice", "password": password},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['access']}"}


def main() -> None:
    django.setup()
    job = json.load(sys.stdin)
    if job.get("preload"):
        importlib.import_module(job["preload"])  # a prototype to measure, applied on import
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import Client, RequestFactory

    # The same-site page, at the port this case's settings trust (CSRF_TRUSTED_ORIGINS).
    origin = page_origins(settings.WEB_CLIENT_PORT)[SAME_SITE]
    client = Client(HTTP_HOST=HOST)
    extra = login_environ_extra(client, job["credential"], settings.DEMO_PASSWORD, origin)
    factory = RequestFactory(HTTP_HOST=HOST)
    case_environ = factory.get(job["path"], **extra).environ
    baseline_environ = factory.get(job["baseline_path"]).environ
    handler = WSGIHandler()
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def serve(environ: dict, count: int) -> None:
        for _ in range(count):
            # A fresh dict per request, as a server builds one per request.
            handler({**environ}, start_response).close()

    serve(case_environ, 200)  # warm: imports, URL resolver caches, connections
    serve(baseline_environ, 200)
    assert all(status.startswith("200") for status in statuses), set(statuses)
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Not CaptureQueriesContext: request_started resets the query log it reads.
    with connection.execute_wrapper(record):
        serve(case_environ, 1)
    processes = [os.getpid(), *job.get("pids", []), *_database_backend(connection)]
    meter = CpuMeter(lambda: processes)

    def measure(environ: dict, count: int) -> tuple[float, float]:
        """(wall, CPU of this process + its DB backend + Redis) seconds per request."""
        meter.start()
        started = time.perf_counter()
        serve(environ, count)
        return (time.perf_counter() - started) / count, meter.stop() / count

    # Interleaved blocks: a noisy neighbour slows both sides of each ratio alike.
    block = max(1, job["requests"] // BLOCKS)
    pairs = [
        (measure(baseline_environ, block), measure(case_environ, block)) for _ in range(BLOCKS)
    ]
    profiler = cProfile.Profile()
    profiler.enable()
    serve(case_environ, job["requests"])
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(job["top"])
    stats.sort_stats("cumulative").print_stats(job["top"])
    result = {
        "wall_us": _us(median(case[0] for _, case in pairs)),
        "baseline_wall_us": _us(median(base[0] for base, _ in pairs)),
        "cpu_us": _us(median(case[1] for _, case in pairs)),
        "baseline_cpu_us": _us(median(base[1] for base, _ in pairs)),
        "cpu_ratio": round(median(base[1] / case[1] for base, case in pairs), 3),
        "queries": queries,
        # Django's health check runs on the raw connection, outside execute_wrapper.
        "health_check": bool(queries) and bool(connection.settings_dict["CONN_HEALTH_CHECKS"]),
        "profile": text.getvalue(),
    }
    json.dump(result, sys.stdout)


def _database_backend(connection) -> list[int]:
    """The PostgreSQL backend serving this process, whose CPU is part of each query's cost."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return [cursor.fetchone()[0]]


def _us(seconds: float) -> float:
    return round(seconds * 1e6, 1)


if __name__ == "__main__":
    main()
