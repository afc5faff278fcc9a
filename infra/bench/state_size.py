"""Bytes of server-side state one login leaves behind, read from where each store keeps it."""

from django.conf import settings
from django.db import connection


def session_state_bytes(session_key: str) -> dict:
    """Server bytes for one session in the configured store, and the cookie the client carries."""
    store = settings.SESSION_STORE
    client_bytes = len("sessionid=") + len(session_key)
    if store == "signed":
        return {"server_bytes": 0, "client_bytes": client_bytes, "where": "cookie only"}
    parts = {}
    if store in ("db", "cached_db"):
        parts["database row"] = row_bytes("django_session", "session_key", session_key)
    if store != "db":  # cached_db, and the cache-backed Redis store
        parts["cache entry"] = redis_entry_bytes(session_key)
    return {"server_bytes": sum(parts.values()), "client_bytes": client_bytes, "where": parts}


def refresh_state_bytes(refresh_jti: str, client_token: str) -> dict:
    """simplejwt's token_blacklist keeps one OutstandingToken row per refresh token issued."""
    server = row_bytes("token_blacklist_outstandingtoken", "jti", refresh_jti)
    return {
        "server_bytes": server,
        "client_bytes": len("Bearer ") + len(client_token),
        "where": {"outstanding refresh token row": server},
    }


def row_bytes(table: str, key_column: str, key: str) -> int:
    """On PostgreSQL the stored tuple's size (pg_column_size); on SQLite the column bytes."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT pg_column_size(t.*) FROM {table} t WHERE {key_column} = %s",  # noqa: S608
                [key],
            )
        else:
            cursor.execute(f"SELECT * FROM {table} WHERE {key_column} = %s", [key])  # noqa: S608
            row = cursor.fetchone()
            return sum(len(str(value).encode()) for value in row) if row else 0
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def redis_entry_bytes(session_key: str) -> int:
    """Redis's own MEMORY USAGE for the session's key (value, key and bookkeeping)."""
    from django.contrib.sessions.backends.cache import KEY_PREFIX
    from django.core.cache import caches
    from django_redis import get_redis_connection

    cache = caches[settings.SESSION_CACHE_ALIAS]
    prefix = KEY_PREFIX
    if settings.SESSION_STORE == "cached_db":
        from django.contrib.sessions.backends.cached_db import KEY_PREFIX as prefix
    full_key = cache.make_key(prefix + session_key)
    used = get_redis_connection(settings.SESSION_CACHE_ALIAS).memory_usage(full_key)
    return int(used or 0)
