"""Reads of hot Redis keys served from process memory, at most MAX_LAG behind Redis.

A session request reads two small keys (the session, the user snapshot); two network round
trips cost more than the rest of the request on a small machine. Redis' server-assisted
client-side caching (`CLIENT TRACKING`, broadcast mode) pushes the name of every key written,
deleted, expired or flushed under our prefix to a connection each process keeps open; a read
applies the pushes already received before it trusts its local copy.

Those pushes travel on their own connection, so one can still be on its way when a read begins:
a write that finished a moment earlier on another process (a logout, a deactivation) may not
have reached this one yet. The bound on that is exact, not hoped for:

- every PING on the tracking connection is answered after every push Redis queued before it,
  and Redis queues a write's pushes before it replies to the writer;
- so when the PONG to a PING sent at time T has been read, every write that finished before T
  has been applied here;
- a read at time t trusts its copies only if such a T is no older than t - MAX_LAG; otherwise
  it sends a PING and waits for the PONG (one round trip) first.

A read therefore never returns a value that a write which finished more than MAX_LAG before
the read began had replaced. Under load a PING goes out every MAX_LAG / 2 and its PONG is
picked up by a later read, so reads do not wait; an idle process pays one round trip.

Also:
- a broken tracking connection empties the local store; reads go to Redis, and an outage
  surfaces exactly as it would without this layer (a 503 upstream);
- this process's own writes empty the local store when they finish, so it reads its own
  writes at once (Django gives every thread its own cache objects: one client, one thread);
- a copy expires at the key's own TTL (read with `PTTL` on a miss);
- copies are bytes, deserialised per read, so no request sees another's changes to them.

Why not redis-py's own client-side cache (`CacheConfig`, RESP3): it refuses servers older than
Redis 7.4, and Debian 12's redis-server is 7.0 (this machine, CI, the bench, the replica lab);
CLIENT TRACKING itself is Redis 6. And where it could run (the compose file's redis:7-alpine is
7.4), it applies only the invalidations already received on the connection it reads from, with
no bound on one still on its way. So this module serves every Redis the lab runs, whenever
LAB_TUNING is on; with the switch off (the default) no copy is kept anywhere.
"""

import logging
import os
import time
from collections import OrderedDict

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

# How far behind Redis a read may ever be, and how often a PING goes out under load so that
# reads never have to wait for one.
MAX_LAG = 0.1
PING_EVERY = MAX_LAG / 2
# Copies per cache per process (about 0.6 KB each for a session); the oldest makes room.
# The cache's OPTIONS["TRACKING_MAX_ENTRIES"] sets another number.
MAX_ENTRIES = 10_000
RECONNECT_AFTER = 1.0

_MISSING = object()
logger = logging.getLogger(__name__)


class InvalidationTracker:
    """A local key → (bytes, deadline) store and the Redis connection that invalidates it."""

    def __init__(self, make_connection, prefix: str, max_entries: int = MAX_ENTRIES):
        self._make_connection = make_connection
        self._prefix = prefix
        self._max_entries = max_entries
        self._connection = None
        self._pid = 0  # the process that opened the connection
        self._retry_at = 0.0  # after a failed connect, reads go straight to Redis until then
        # Ordered so the oldest copy goes in O(1) (a dict's first key is O(n) after deletes).
        self._entries: OrderedDict[str, tuple[bytes, float | None]] = OrderedDict()
        self._confirmed_at = 0.0  # when the newest PING that came back was sent
        self._ping_sent_at: float | None = None

    # --- the local store -------------------------------------------------------------------
    def lookup(self, key: str):
        """The local bytes for key, at most MAX_LAG behind Redis, or _MISSING (ask Redis)."""
        if not self._is_current():
            return _MISSING
        entry = self._entries.get(key)
        if entry is None:
            return _MISSING
        value, deadline = entry
        if deadline is not None and time.monotonic() >= deadline:
            del self._entries[key]
            return _MISSING
        return value

    def remember(self, key: str, value: bytes, ttl_ms: int) -> None:
        """Keep what Redis answered. A write after that answer sends a push, which the next
        lookup applies before it looks here."""
        if self._connection is None:
            return
        if ttl_ms == -2:  # the key vanished between GET and PTTL
            return
        deadline = None if ttl_ms < 0 else time.monotonic() + ttl_ms / 1000
        if len(self._entries) >= self._max_entries:
            self._entries.popitem(last=False)  # the oldest insertion
        self._entries[key] = (value, deadline)

    def forget_all(self) -> None:
        self._entries.clear()

    # --- the tracking connection -----------------------------------------------------------
    def _is_current(self) -> bool:
        """Apply the pushes received; True when the local store is at most MAX_LAG behind."""
        try:
            if self._connection is not None and self._pid != os.getpid():
                # Forked (e.g. gunicorn --preload): the socket is the parent's; so are the
                # copies. Start over without touching the parent's connection.
                self._connection = None
                self.forget_all()
            if self._connection is None:
                if time.monotonic() < self._retry_at:
                    return False
                self._start()
            self._drain()
            now = time.monotonic()
            if now - self._confirmed_at > MAX_LAG:
                self._confirm_since(now - MAX_LAG)
            elif self._ping_sent_at is None and now - self._confirmed_at > PING_EVERY:
                self._send_ping()
            return True
        except (RedisError, OSError) as error:
            if self._connection is not None or self._retry_at == 0.0:
                # Once per failure streak: the first, and each after tracking had worked.
                logger.warning("Redis client tracking off (%s): every read goes to Redis", error)
            self.stop()
            self._retry_at = time.monotonic() + RECONNECT_AFTER
            return False

    def _start(self) -> None:
        connection = self._make_connection()
        # RESP3: invalidations arrive as push messages on this same connection, handed to us
        # through the parser hook redis-py's own client-side cache uses.
        connection._parser.set_invalidation_push_handler(self._on_invalidation)
        try:
            connection.connect()
            # Broadcast mode: every change under our prefix, whoever reads what, and no per-key
            # table on the server.
            connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self._prefix)
            connection.read_response()
        except BaseException:
            connection.disconnect()
            raise
        self._connection = connection
        self._pid = os.getpid()
        self._retry_at = 0.0
        self.forget_all()
        self._ping_sent_at = None
        self._confirmed_at = 0.0

    def stop(self) -> None:
        connection, self._connection = self._connection, None
        self.forget_all()
        if connection is not None:
            connection.disconnect()

    def _drain(self) -> None:
        while self._connection.can_read(timeout=0):
            # Pushes go to _on_invalidation; what comes back is a reply (our PING's).
            reply = self._connection.read_response(push_request=True)
            if reply is not None:
                self._on_reply(reply)

    def _on_invalidation(self, message) -> None:
        keys = message[1]
        if keys is None:  # FLUSHDB / FLUSHALL: everything
            self.forget_all()
            return
        for key in keys:
            self._entries.pop(key.decode(), None)

    def _on_reply(self, reply) -> None:
        if reply == b"PONG" and self._ping_sent_at is not None:
            self._confirmed_at = self._ping_sent_at
            self._ping_sent_at = None

    def _send_ping(self) -> None:
        self._connection.send_command("PING")
        self._ping_sent_at = time.monotonic()

    def _confirm_since(self, since: float) -> None:
        """Wait until a PING sent at or after `since` has come back (its pushes applied)."""
        while self._confirmed_at < since:
            # A PING still in flight from before `since` cannot confirm enough: after its
            # PONG, the loop sends a new one.
            if self._ping_sent_at is None:
                self._send_ping()
            # Bounded by the connection's socket timeout: a silent Redis raises here.
            self._on_reply(self._connection.read_response())


class TrackingRedisClient(DefaultClient):
    """django-redis' client with `get` served locally while Redis says nothing changed."""

    def __init__(self, server, params, backend) -> None:
        super().__init__(server, params, backend)
        self._tracker: InvalidationTracker | None = None

    def _tracking(self) -> InvalidationTracker:
        if self._tracker is None:
            pool = self.get_client(write=False).connection_pool
            # A connection of its own (same class and options as the pool's, RESP3), outside
            # the pool: it carries only Redis' pushes and our PINGs, for the process' lifetime.
            self._tracker = InvalidationTracker(
                lambda: pool.connection_class(**{**pool.connection_kwargs, "protocol": 3}),
                prefix=f"{self._backend.key_prefix}:",
                max_entries=self._options.get("TRACKING_MAX_ENTRIES", MAX_ENTRIES),
            )
        return self._tracker

    def get(self, key, default=None, version=None, client=None):
        if client is not None:
            return super().get(key, default=default, version=version, client=client)
        tracker = self._tracking()
        redis_key = str(self.make_key(key, version=version))
        value = tracker.lookup(redis_key)
        if value is _MISSING:
            redis = self.get_client(write=False)
            try:
                # One round trip: the value and how long it may be kept.
                value, ttl_ms = (
                    redis.pipeline(transaction=False).get(redis_key).pttl(redis_key).execute()
                )
            except (RedisError, OSError) as error:
                raise ConnectionInterrupted(connection=redis) from error
            if value is not None:
                tracker.remember(redis_key, value, ttl_ms)
        if value is None:
            return default
        return self.decode(value)

    def do_close_clients(self) -> None:
        if self._tracker is not None:
            self._tracker.stop()
        super().do_close_clients()


def _forgetting_local_copies(method_name: str):
    write = getattr(DefaultClient, method_name)

    def wrapper(self, *args, **kwargs):
        try:
            return write(self, *args, **kwargs)
        finally:
            # Once the write is done: Redis' push for it may still be on its way.
            if self._tracker is not None:
                self._tracker.forget_all()

    wrapper.__name__ = method_name
    wrapper.__doc__ = write.__doc__
    return wrapper


# Every DefaultClient method that writes (each asks for `get_client(write=True)`).
WRITE_METHODS = (
    "set", "add", "set_many", "delete", "delete_many", "delete_pattern", "clear",
    "incr_version", "_incr", "touch", "persist", "expire", "pexpire", "expire_at",
    "pexpire_at", "hset", "hdel", "sadd", "srem", "smove", "spop", "sdiffstore",
    "sinterstore", "sunionstore",
)  # fmt: skip
for _name in WRITE_METHODS:
    setattr(TrackingRedisClient, _name, _forgetting_local_copies(_name))
