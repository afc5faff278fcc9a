"""Maps the SESSION_STORE choice (and the LAB_TUNING switch) to Django's cache and session
settings.

Kept apart from the settings module so the mapping is one small table that tests and system
checks can read.
"""

from django.core.exceptions import ImproperlyConfigured

from backend.tuning.switch import dotted_path

SESSION_STORES = ("db", "cached_db", "memory", "redis", "signed")

LOCMEM_BACKEND = "django.core.cache.backends.locmem.LocMemCache"
REDIS_BACKEND = "django_redis.cache.RedisCache"
# Django's local-memory cache keeps 300 entries by default: the 301st session (or failed-login
# counter) would silently evict another. Sessions must not vanish for want of a setting.
_LOCMEM_OPTIONS = {"MAX_ENTRIES": 1_000_000}

# The session engine of each store; `db` is the one the switch swaps (tuned_engines below).
SESSION_ENGINES = {
    "db": dotted_path("db_session_engine", tuned=False),
    "cached_db": "django.contrib.sessions.backends.cached_db",
    "memory": "django.contrib.sessions.backends.cache",
    # Django's cache store that turns a Redis outage into a 503 instead of an anonymous session.
    "redis": "backend.authentication.session_store",
    "signed": "django.contrib.sessions.backends.signed_cookies",
}
# Engines that keep sessions in a cache (the `sessions` alias), whatever the switch says.
CACHE_BACKED_SESSION_ENGINES = tuple(SESSION_ENGINES[s] for s in ("cached_db", "memory", "redis"))


def _redis_cache(url: str, prefix: str, *, tuned: bool, tracking_entries: int | None) -> dict:
    options = {
        "CLIENT_CLASS": dotted_path("redis_client", tuned=tuned),
        # Fail fast: an outage must become a clear 503, not a hung worker.
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 1,
    }
    if tuned and tracking_entries is not None:
        options["TRACKING_MAX_ENTRIES"] = tracking_entries
    return {"BACKEND": REDIS_BACKEND, "LOCATION": url, "KEY_PREFIX": prefix, "OPTIONS": options}


def caches_for(
    *, session_store: str, redis_url: str, tuned: bool = False, tracking_entries: int | None = None
) -> dict:
    """The CACHES setting: 'default' holds throttle counters, 'sessions' the session store.

    `tuned` (LAB_TUNING): Redis reads served from process memory (backend/tuning/
    redis_tracking.py), keeping `tracking_entries` copies per cache if given.
    """
    if session_store not in SESSION_STORES:
        raise ImproperlyConfigured(
            f"SESSION_STORE={session_store!r} is unknown; "
            f"choose one of {', '.join(SESSION_STORES)}."
        )
    if session_store == "redis" and not redis_url:
        raise ImproperlyConfigured("SESSION_STORE=redis needs REDIS_URL (redis://host:port/db).")
    redis = {"tuned": tuned, "tracking_entries": tracking_entries}
    local_sessions = {"BACKEND": LOCMEM_BACKEND, "LOCATION": "sessions", "OPTIONS": _LOCMEM_OPTIONS}
    if redis_url:
        shared = _redis_cache(redis_url, "lab", **redis)
    else:
        shared = {"BACKEND": LOCMEM_BACKEND, "LOCATION": "default", "OPTIONS": _LOCMEM_OPTIONS}
    if session_store == "memory" or not redis_url:
        sessions = local_sessions
    else:
        sessions = _redis_cache(redis_url, "lab-sessions", **redis)
    return {"default": shared, "sessions": sessions}


def session_settings_for(
    session_store: str, *, redis_url: str, tuned: bool = False
) -> tuple[str, str]:
    """(SESSION_ENGINE, SESSION_CACHE_ALIAS) for a SESSION_STORE choice.

    `tuned` (LAB_TUNING): the db store's per-request read compiled once per process
    (backend/tuning/db_session_read.py).
    """
    if session_store == "db":
        return dotted_path("db_session_engine", tuned=tuned), "sessions"
    return SESSION_ENGINES[session_store], "sessions"
