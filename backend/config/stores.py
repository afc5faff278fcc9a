"""Maps the SESSION_STORE choice (and the LAB_TUNING switch) to Django's cache and session
settings.

Kept apart from the settings module so the mapping is one small table that tests and system
checks can read.
"""

from django.core.exceptions import ImproperlyConfigured
from django_redis.client import DefaultClient
from django_redis.pool import ConnectionFactory

from backend.tuning.switch import dotted_path

# The stores a single server (or none) holds: what the in-process suites run every scenario in.
SESSION_STORES = ("db", "cached_db", "memory", "redis", "signed")
# The same cache store on a Redis Cluster: it needs a running cluster (infra/cluster/
# redis_cluster.py; tests/cluster/test_redis_cluster.py), so it is named apart.
REDIS_CLUSTER_STORE = "redis-cluster"
ALL_SESSION_STORES = (*SESSION_STORES, REDIS_CLUSTER_STORE)
REDIS_STORES = ("redis", REDIS_CLUSTER_STORE)

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
    # The same store; only the cache under it differs (RedisClusterClient below).
    REDIS_CLUSTER_STORE: "backend.authentication.session_store",
}
# Engines that keep sessions in a cache (the `sessions` alias), whatever the switch says.
CACHE_BACKED_SESSION_ENGINES = tuple(SESSION_ENGINES[s] for s in ("cached_db", "memory", "redis"))
# How Django reaches a Redis Cluster, and why this way: django-redis has no Redis Cluster
# support (its maintainer declined it and pointed at its pluggable clients,
# jazzband/django-redis#208; #606 is still open), and Django's own Redis cache builds a plain
# `redis.Redis` with no documented way to swap it. redis-py's cluster client
# (`redis.cluster.RedisCluster`) is maintained with redis-py itself, which the lab already
# uses; plugged in through django-redis' documented CONNECTION_FACTORY and CLIENT_CLASS options
# it keeps every other behaviour of the `redis` store (pickling, key prefixes, timeouts, the 503
# on redis-py's ConnectionError/TimeoutError), with no new dependency.
REDIS_CLUSTER_OPTIONS = {
    "CONNECTION_FACTORY": "backend.config.stores.RedisClusterConnectionFactory",
    "CLIENT_CLASS": "backend.config.stores.RedisClusterClient",
}


class RedisClusterConnectionFactory(ConnectionFactory):
    """One `RedisCluster` per process and URL: it learns every shard from the URL's node,
    routes each key to its shard's master and follows a failover to the promoted replica."""

    clusters: dict = {}  # process-wide, as django-redis keeps its connection pools

    def connect(self, url: str):
        from redis.cluster import RedisCluster

        if url not in self.clusters:
            params = self.make_connection_params(url)
            self.clusters[url] = RedisCluster.from_url(
                url,
                socket_timeout=params.get("socket_timeout"),
                socket_connect_timeout=params.get("socket_connect_timeout"),
            )
        return self.clusters[url]

    def disconnect(self, connection) -> None:
        connection.close()  # a cluster client owns one pool per node


class RedisClusterClient(DefaultClient):
    """django-redis' default client, but `get_many` through redis-py's `mget_nonatomic`: a
    cluster refuses one MGET across hash slots (the login throttle reads two counters)."""

    def get_many(self, keys, version=None, client=None) -> dict:
        if client is None:
            client = self.get_client(write=False)
        names = {self.make_key(key, version=version): key for key in keys}
        if not names:
            return {}
        values = client.mget_nonatomic(list(names))
        found = zip(names.values(), values, strict=True)
        return {key: self.decode(value) for key, value in found if value is not None}


def _redis_cache(
    url: str, prefix: str, *, tuned: bool, tracking_entries: int | None, cluster: bool = False
) -> dict:
    # A cluster has no client-side tracking path (backend/tuning): the same client either way.
    tuned = tuned and not cluster
    options = {
        "CLIENT_CLASS": dotted_path("redis_client", tuned=tuned),
        # Fail fast: an outage must become a clear 503, not a hung worker.
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 1,
    }
    if tuned and tracking_entries is not None:
        options["TRACKING_MAX_ENTRIES"] = tracking_entries
    if cluster:
        options.update(REDIS_CLUSTER_OPTIONS)
    return {"BACKEND": REDIS_BACKEND, "LOCATION": url, "KEY_PREFIX": prefix, "OPTIONS": options}


def caches_for(
    *, session_store: str, redis_url: str, tuned: bool = False, tracking_entries: int | None = None
) -> dict:
    """The CACHES setting: 'default' holds throttle counters, 'sessions' the session store.

    `tuned` (LAB_TUNING): Redis reads served from process memory (backend/tuning/
    redis_tracking.py), keeping `tracking_entries` copies per cache if given.
    """
    if session_store not in ALL_SESSION_STORES:
        raise ImproperlyConfigured(
            f"SESSION_STORE={session_store!r} is unknown; "
            f"choose one of {', '.join(ALL_SESSION_STORES)}."
        )
    if session_store in REDIS_STORES and not redis_url:
        raise ImproperlyConfigured(
            f"SESSION_STORE={session_store} needs REDIS_URL (redis://host:port/db; for a "
            "cluster, any one of its nodes)."
        )
    # On a cluster, the throttle counters (default) go there too: one shared store.
    redis = {"tuned": tuned, "tracking_entries": tracking_entries,
             "cluster": session_store == REDIS_CLUSTER_STORE}  # fmt: skip
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
