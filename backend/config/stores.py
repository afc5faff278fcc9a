"""Maps the SESSION_STORE choice to Django's cache and session settings.

Kept apart from the settings module so the mapping is one small table that tests can read.
"""

from django.core.exceptions import ImproperlyConfigured

SESSION_STORES = ("db", "cached_db", "memory", "redis", "signed")
# Stores whose state lives inside one process: wrong as soon as there are two replicas.
IN_PROCESS_STORES = ("memory",)

_LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
_REDIS = "django_redis.cache.RedisCache"
# Django's local-memory cache keeps 300 entries by default: the 301st session (or failed-login
# counter) would silently evict another. Sessions must not vanish for want of a setting.
_LOCMEM_OPTIONS = {"MAX_ENTRIES": 1_000_000}


_TRACKING_CLIENT = "backend.common.redis_tracking.TrackingRedisClient"


def _redis_cache(url: str, prefix: str, *, client_tracking: bool, tracking_entries: int) -> dict:
    options = {
        # Fail fast: an outage must become a clear 503, not a hung worker.
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 1,
    }
    if client_tracking:
        # Hot reads (session, user snapshot) from process memory, invalidated by Redis.
        options["CLIENT_CLASS"] = _TRACKING_CLIENT
        options["TRACKING_MAX_ENTRIES"] = tracking_entries
    return {"BACKEND": _REDIS, "LOCATION": url, "KEY_PREFIX": prefix, "OPTIONS": options}


def caches_for(
    *,
    session_store: str,
    redis_url: str,
    client_tracking: bool = True,
    tracking_entries: int = 10_000,
) -> dict:
    """The CACHES setting: 'default' holds throttle counters, 'sessions' the session store."""
    if session_store not in SESSION_STORES:
        raise ImproperlyConfigured(
            f"SESSION_STORE={session_store!r} is unknown; "
            f"choose one of {', '.join(SESSION_STORES)}."
        )
    if session_store == "redis" and not redis_url:
        raise ImproperlyConfigured("SESSION_STORE=redis needs REDIS_URL (redis://host:port/db).")
    local_sessions = {"BACKEND": _LOCMEM, "LOCATION": "sessions", "OPTIONS": _LOCMEM_OPTIONS}
    if redis_url:
        shared = _redis_cache(
            redis_url, "lab", client_tracking=client_tracking, tracking_entries=tracking_entries
        )
    else:
        shared = {"BACKEND": _LOCMEM, "LOCATION": "default", "OPTIONS": _LOCMEM_OPTIONS}
    if session_store == "memory" or not redis_url:
        sessions = local_sessions
    else:
        sessions = _redis_cache(
            redis_url,
            "lab-sessions",
            client_tracking=client_tracking,
            tracking_entries=tracking_entries,
        )
    return {"default": shared, "sessions": sessions}


def session_settings_for(session_store: str, *, redis_url: str) -> tuple[str, str]:
    """(SESSION_ENGINE, SESSION_CACHE_ALIAS) for a SESSION_STORE choice."""
    engines = {
        # Django's db store with its per-request read compiled once (PostgreSQL).
        "db": "backend.authentication.db_session_store",
        "cached_db": "django.contrib.sessions.backends.cached_db",
        "memory": "django.contrib.sessions.backends.cache",
        # Our wrapper turns a Redis outage into a 503 instead of an anonymous session.
        "redis": "backend.authentication.session_store",
        "signed": "django.contrib.sessions.backends.signed_cookies",
    }
    return engines[session_store], "sessions"
