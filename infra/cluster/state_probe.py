"""One measurement of `make state-size`, run inside Django in a process of its own.

    python -m infra.cluster.state_probe < {"kind": "session", "counts": [...], "session_key": ...}

The environment chooses the store (SESSION_STORE, REDIS_URL, the database) or the JWT
authenticator. The credential comes from a real login through the API over HTTP (the lab's
client, in state_size.py): for sessions the probe copies that login's session into its store
again and again (state_meters.py) and reads each meter; for JWTs it issues tokens the same way.
Per-request work is counted in-process (SQL statements captured, Redis commands counted).
Prints one JSON object.
"""

import json
import sys
from importlib import import_module

import django
from django.conf import settings

from web_client.site_config import SAME_ORIGIN_HOST

HOST = SAME_ORIGIN_HOST
ME = "/api/auth/me/"


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


def session_probe(counts: list[int], session_key: str) -> dict:
    """`session_key`: a session the API made at login, in the database store."""
    from django.contrib.sessions.backends.db import SessionStore as LoggedIn

    from infra.cluster.state_meters import RedisMeter, session_sizes

    data = LoggedIn(session_key=session_key).load()
    assert data, "the logged-in session could not be read back from the database"
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session.update(data)
    if settings.SESSION_STORE == "signed":
        session.save()  # its key is the signed session itself
    else:
        session.create()
    cookie = session.session_key
    client = api_client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    result = {
        "cookie_header_bytes": len(f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}\r\n"),
        "session_lifetime_seconds": settings.SESSION_COOKIE_AGE,
        "per_request": request_cost(lambda: client.get(ME)),
    }
    if settings.SESSION_STORE == "signed":
        return {**result, "sizes": {}, "note": "the whole session travels in the cookie"}
    sizes, keys = session_sizes(data, counts)
    assert engine.SessionStore(session_key=keys[-1]).load(), "a copy could not be read back"
    return {
        **result,
        "session_data": sorted(data),
        "sizes": sizes,
        "redis_key_bytes": RedisMeter(settings.REDIS_URL).key_bytes("*django.contrib.sessions*"),
    }


def jwt_probe(counts: list[int], access: str, refresh: str) -> dict:
    """`access`, `refresh`: a pair the API issued at login."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from rest_framework_simplejwt.tokens import RefreshToken

    from infra.cluster.state_meters import jwt_tables, refresh_token_sizes, table_bytes

    client = api_client()
    bearer = f"Bearer {access}"
    chain = {"token": refresh}

    def refresh_once():
        answer = client.post(
            "/api/auth/jwt/refresh/", {"refresh": chain["token"]}, content_type="application/json"
        )
        chain["token"] = answer.json().get("refresh", "")
        return answer

    result = {
        "authorization_header_bytes": len(f"Authorization: {bearer}\r\n"),
        "access_token_bytes": len(access),
        "refresh_token_bytes": len(refresh),
        "access_ttl_seconds": settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds(),
        "refresh_ttl_seconds": settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds(),
        "per_request": request_cost(lambda: client.get(ME, HTTP_AUTHORIZATION=bearer)),
        "per_refresh": request_cost(refresh_once, repeats=10),
    }
    if not counts:
        return {**result, "sizes": {}}
    user = get_user_model().objects.get(username="alice")
    sizes, issued = refresh_token_sizes(user, counts)
    baseline, revoked = table_bytes(jwt_tables()), 0
    for count in sorted(counts):
        # Logging these tokens out adds one blacklisted row each to the outstanding rows.
        with transaction.atomic():
            for token in issued[revoked:count]:
                RefreshToken(token).blacklist()
        revoked = count
        sizes[count]["blacklisted"] = table_bytes(jwt_tables()) - baseline
    return {**result, "sizes": sizes}


def main() -> None:
    from backend.config.env import set_default_settings_module

    job = json.load(sys.stdin)
    set_default_settings_module()
    django.setup()
    counts = sorted(job["counts"])
    if job["kind"] == "session":
        result = session_probe(counts, job["session_key"])
    else:
        result = jwt_probe(counts, job["access"], job["refresh"])
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
