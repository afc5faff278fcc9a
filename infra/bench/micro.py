"""In-process microbenchmarks (per call), state sizes and the staleness of tuned Redis reads,
for one case's server configuration.

Run as `python -m infra.bench.micro` in the case's environment (the settings are read from it),
with the credential the live server issued on stdin as JSON (plus "state" and "staleness": what
else to measure); prints one JSON object.
"""

import hashlib
import hmac
import json
import sys
from importlib import import_module

import django


def jwt_micro(access: str) -> dict:
    """From the floor (one HMAC over the same bytes) up to the configured authenticator."""
    import jwt
    from django.conf import settings
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory
    from rest_framework_simplejwt.authentication import (
        JWTAuthentication,
        JWTStatelessUserAuthentication,
    )
    from rest_framework_simplejwt.settings import api_settings
    from rest_framework_simplejwt.tokens import AccessToken

    from infra.bench.timing import WALL, per_call_us

    key = api_settings.SIGNING_KEY
    key_bytes = key.encode()
    signing_input = access.rsplit(".", 1)[0].encode()
    request = Request(APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Bearer {access}"))
    if settings.JWT_AUTHENTICATOR == "db":  # the chain below it is measured in jwt_stateless
        with_user = JWTAuthentication()
        assert with_user.authenticate(request) is not None
        return {
            "simplejwt_db_authenticate": per_call_us(
                lambda: with_user.authenticate(request), clock=WALL
            )
        }
    stateless = JWTStatelessUserAuthentication()
    assert stateless.authenticate(request) is not None

    def pyjwt_decode():
        return jwt.decode(
            access,
            key,
            algorithms=[api_settings.ALGORITHM],
            audience=api_settings.AUDIENCE,
            issuer=api_settings.ISSUER,
            leeway=api_settings.LEEWAY,
        )

    return {
        "hmac_sha256_floor": per_call_us(
            lambda: hmac.new(key_bytes, signing_input, hashlib.sha256).digest()
        ),
        "pyjwt_decode_hs256": per_call_us(pyjwt_decode),
        "simplejwt_access_token": per_call_us(lambda: AccessToken(access)),
        "simplejwt_stateless_authenticate": per_call_us(lambda: stateless.authenticate(request)),
    }


def session_micro(session_key: str) -> dict:
    """A session load in the configured store, then the user lookup Django does per request."""
    from django.conf import settings
    from django.contrib.auth import get_user
    from django.test import RequestFactory

    from infra.bench.timing import CPU, WALL, per_call_us

    engine = import_module(settings.SESSION_ENGINE)
    request = RequestFactory().get("/")

    def load_user():
        request.session = engine.SessionStore(session_key)
        return get_user(request)

    assert load_user().is_authenticated, "the session the server issued does not authenticate"
    # A signed-cookie load is pure computation; every other store waits on a server.
    clock = CPU if settings.SESSION_ENGINE.endswith("signed_cookies") else WALL
    return {
        "session_load": per_call_us(lambda: engine.SessionStore(session_key).load(), clock=clock),
        "session_load_and_user": per_call_us(load_user, clock=WALL),
    }


def tracking_staleness(writes: int = 200) -> dict:
    """How far tuned Redis reads lag behind another process's writes: two cache objects (two
    processes' worth of connections and copies) on the sessions cache; after each write by one,
    the other reads until it sees the new value."""
    import time
    from statistics import median

    from django.conf import settings
    from django.core.cache import caches

    from backend.tuning.redis_tracking import MAX_LAG

    reader = caches.create_connection(settings.SESSION_CACHE_ALIAS)
    writer = caches.create_connection(settings.SESSION_CACHE_ALIAS)
    key = "bench-staleness"
    writer.set(key, 0, 60)
    assert reader.get(key) == 0
    stale_reads, latest_stale, seen_after = 0, 0.0, []
    for version in range(1, writes + 1):
        writer.set(key, version, 60)
        written = time.monotonic()
        while True:
            began = time.monotonic()
            if reader.get(key) == version:
                seen_after.append(began - written)
                break
            stale_reads += 1
            latest_stale = max(latest_stale, began - written)
    writer.delete(key)
    for cache in (reader, writer):
        cache.close()
    return {
        "bound_ms": MAX_LAG * 1000,
        "writes": writes,
        "stale_reads": stale_reads,
        "latest_stale_read_us": round(latest_stale * 1e6),
        "seen_after_p50_us": round(median(seen_after) * 1e6),
        "seen_after_max_us": round(max(seen_after) * 1e6),
    }


def measure(job: dict) -> dict:
    from infra.bench import state_size

    measured = {}
    if "session_key" in job:
        measured["micro_us"] = session_micro(job["session_key"])
        if job.get("state"):
            measured["state"] = state_size.session_state_bytes(job["session_key"])
    else:
        import jwt

        measured["micro_us"] = jwt_micro(job["access"])
        if job.get("state"):
            refresh_jti = jwt.decode(job["refresh"], options={"verify_signature": False})["jti"]
            measured["state"] = state_size.refresh_state_bytes(refresh_jti, job["access"])
    if job.get("staleness"):
        measured["tracking_staleness"] = tracking_staleness()
    return measured


def main() -> None:
    django.setup()
    json.dump(measure(json.load(sys.stdin)), sys.stdout)


if __name__ == "__main__":
    main()
