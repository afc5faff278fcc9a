"""One measurement of `make state-size`, run inside Django in a process of its own.

    python -m infra.cluster.state_probe --kind session --counts 1000 10000

The environment chooses the store (SESSION_STORE, REDIS_URL, the database) or the JWT
authenticator. A real login through the API gives the real session (or tokens); the probe
then creates that session again and again with the store's own SessionStore and reads each
meter before and after. Prints one JSON object.
"""

import argparse
import json
import time
from importlib import import_module

import django
from django.conf import settings

from backend.config.env import set_default_settings_module

HOST = "api.localhost"
ME = "/api/auth/me/"
JWT_TABLES = ["token_blacklist_outstandingtoken", "token_blacklist_blacklistedtoken"]


def api_client():
    from django.test import Client

    return Client(HTTP_HOST=HOST, HTTP_ORIGIN=f"http://{HOST}")


def request_cost(send, *, repeats: int = 20) -> dict:
    """SQL reads and writes (not BEGIN/COMMIT) and Redis commands per call of `send`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from infra.cluster.state_meters import RedisMeter

    meter = RedisMeter(settings.REDIS_URL)
    commands_before = meter.commands()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(repeats):
            assert send().status_code == 200
    verbs = [query["sql"].split(None, 1)[0].upper() for query in queries]
    return {
        "db_reads": verbs.count("SELECT") / repeats,
        "db_writes": sum(verbs.count(v) for v in ("INSERT", "UPDATE", "DELETE")) / repeats,
        "redis_commands": (meter.commands() - commands_before) / repeats,
    }


def session_probe(counts: list[int]) -> dict:
    from infra.cluster.state_meters import PythonHeapMeter, RedisMeter, table_bytes

    client = api_client()
    token = client.get("/api/auth/session/csrf/").json()["csrfToken"]
    login = client.post(
        "/api/auth/session/login/",
        {"username": "alice", "password": settings.DEMO_PASSWORD},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert login.status_code == 200, login.content
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    result = {
        "cookie_header_bytes": len(f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}\r\n"),
        "session_lifetime_seconds": settings.SESSION_COOKIE_AGE,
        "per_request": request_cost(lambda: client.get(ME)),
    }
    if settings.SESSION_STORE == "signed":
        return {**result, "sizes": {}, "note": "the whole session travels in the cookie"}

    engine = import_module(settings.SESSION_ENGINE)
    data = engine.SessionStore(session_key=cookie).load()
    assert data, "the logged-in session could not be read back from its store"
    if settings.SESSION_STORE == "memory":
        # LocMemCache culls at MAX_ENTRIES (300 by default); lift it to hold every session.
        from django.core.cache import caches

        caches[settings.SESSION_CACHE_ALIAS]._max_entries = 10**9

    redis_meter = RedisMeter(settings.REDIS_URL)
    heap = PythonHeapMeter()
    meters = {
        "db": lambda: table_bytes(["django_session"]),
        "redis": redis_meter.used_memory,
        "memory": heap.live_bytes,
    }
    parts = {"db": ["db"], "cached_db": ["db", "redis"], "redis": ["redis"], "memory": ["memory"]}
    used = {name: meters[name] for name in parts[settings.SESSION_STORE]}
    heap.start()
    create_sessions(engine, data, 20)  # warm-up: first-use allocations are not sessions
    baseline = {name: meter() for name, meter in used.items()}
    sizes, keys, created = {}, [], 0
    for count in counts:
        keys += create_sessions(engine, data, count - created)
        created = count
        sizes[count] = {name: meter() - baseline[name] for name, meter in used.items()}
    heap.stop()
    started = time.perf_counter()
    for key in keys[:1000]:
        assert engine.SessionStore(session_key=key).load()
    reads_per_second = min(1000, len(keys)) / (time.perf_counter() - started)
    return {
        **result,
        "session_data": sorted(data),
        "sizes": sizes,
        "redis_key_bytes": redis_meter.key_bytes("*django.contrib.sessions*"),
        "reads_per_second_one_process": round(reads_per_second),
    }


def create_sessions(engine, data: dict, count: int) -> list[str]:
    from django.db import transaction

    keys = []
    with transaction.atomic():
        for _ in range(count):
            session = engine.SessionStore()
            session.update(data)
            session.create()
            keys.append(session.session_key)
    return keys


def jwt_probe(counts: list[int]) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from rest_framework_simplejwt.tokens import RefreshToken

    from backend.authentication.services import jwt_pair_issue
    from infra.cluster.state_meters import table_bytes

    client = api_client()
    tokens = client.post(
        "/api/auth/jwt/token/",
        {"username": "alice", "password": settings.DEMO_PASSWORD},
        content_type="application/json",
    ).json()
    bearer = f"Bearer {tokens['access']}"
    refresh = {"token": tokens["refresh"]}

    def refresh_once():
        answer = client.post(
            "/api/auth/jwt/refresh/", {"refresh": refresh["token"]}, content_type="application/json"
        )
        refresh["token"] = answer.json().get("refresh", "")
        return answer

    user = get_user_model().objects.get(username="alice")
    baseline = table_bytes(JWT_TABLES)
    issued, sizes = [], {}
    for count in counts:
        with transaction.atomic():
            issued += [jwt_pair_issue(user=user)["refresh"] for _ in range(count - len(issued))]
        sizes[count] = {"outstanding": table_bytes(JWT_TABLES) - baseline}
    baseline, revoked = table_bytes(JWT_TABLES), 0
    for count in counts:
        # Logging these tokens out adds one blacklisted row each to the outstanding rows.
        with transaction.atomic():
            for token in issued[revoked:count]:
                RefreshToken(token).blacklist()
        revoked = count
        sizes[count]["blacklisted"] = table_bytes(JWT_TABLES) - baseline
    return {
        "authorization_header_bytes": len(f"Authorization: {bearer}\r\n"),
        "access_token_bytes": len(tokens["access"]),
        "refresh_token_bytes": len(tokens["refresh"]),
        "access_ttl_seconds": settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds(),
        "refresh_ttl_seconds": settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds(),
        "per_request": request_cost(lambda: client.get(ME, HTTP_AUTHORIZATION=bearer)),
        "per_refresh": request_cost(refresh_once, repeats=10),
        "sizes": sizes,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=["session", "jwt"], required=True)
    parser.add_argument("--counts", type=int, nargs="*", default=[1000, 10000])
    args = parser.parse_args()
    set_default_settings_module()
    django.setup()
    probe = session_probe if args.kind == "session" else jwt_probe
    print(json.dumps(probe(sorted(args.counts))))


if __name__ == "__main__":
    main()
