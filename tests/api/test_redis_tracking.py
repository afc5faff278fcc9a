"""Process-local copies of Redis keys (LAB_TUNING): served without a round trip, and never more
than MAX_LAG behind a write made anywhere.

Two cache objects stand for two processes (replicas): each has its own connections, its own
local copies and its own tracking connection, against a private redis-server. A write from the
other process reaches the reader as a push on another connection, so a read just after the write
may still see the old value; every assertion here holds by construction (a read that begins more
than MAX_LAG after a write finished sees it), never because the push happened to be quick.
"""

import os
import signal
import time
from pathlib import Path

import pytest
import redis
from django_redis.cache import RedisCache

from backend.config.stores import caches_for
from backend.tuning import redis_tracking
from backend.tuning.redis_tracking import MAX_LAG, InvalidationTracker
from infra.local_services import free_port
from infra.servers import RedisServer

# Past the bound: a read that begins this long after a write finished must see it.
PAST_THE_BOUND = MAX_LAG + 0.02


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(Path(tmp_path_factory.mktemp("tracking-redis")), free_port())
    server.start()
    yield server
    server.stop()


def tuned_cache(url: str, **options) -> RedisCache:
    """A cache object configured as the tuned settings do (CACHES['sessions'])."""
    params = caches_for(session_store="redis", redis_url=url, tuned=True, **options)["sessions"]
    return RedisCache(params["LOCATION"], params)


@pytest.fixture
def make_process(redis_server):
    made = []

    def make(**options) -> RedisCache:
        made.append(tuned_cache(redis_server.url, **options))
        return made[-1]

    yield make
    for cache in made:
        cache.client.do_close_clients()
    redis.Redis.from_url(redis_server.url).flushdb()


def admin(redis_server) -> redis.Redis:
    return redis.Redis.from_url(redis_server.url)


def gets_served_by_redis(redis_server) -> int:
    stats = admin(redis_server).info("commandstats")
    return stats.get("cmdstat_get", {}).get("calls", 0)


def test_only_the_tuned_settings_use_the_tracking_client():
    for alias, cache in caches_for(session_store="redis", redis_url="redis://x:1/0").items():
        assert cache["OPTIONS"]["CLIENT_CLASS"] == "django_redis.client.DefaultClient", alias
    tuned = caches_for(session_store="redis", redis_url="redis://x:1/0", tuned=True)
    for alias in ("default", "sessions"):
        assert tuned[alias]["OPTIONS"]["CLIENT_CLASS"].endswith("TrackingRedisClient")


def test_repeated_reads_do_not_reach_redis(make_process, redis_server):
    replica = make_process()
    replica.set("session", {"_auth_user_id": "1"}, 60)
    assert replica.get("session") == {"_auth_user_id": "1"}
    before = gets_served_by_redis(redis_server)

    for _ in range(100):
        assert replica.get("session") == {"_auth_user_id": "1"}

    assert gets_served_by_redis(redis_server) == before


def test_each_read_gets_its_own_copy(make_process):
    replica = make_process()
    replica.set("session", {"cart": []}, 60)
    replica.get("session")["cart"].append("mutated by one request")
    assert replica.get("session") == {"cart": []}


def test_a_process_reads_its_own_writes_at_once(make_process):
    replica = make_process()
    replica.set("session", "v1", 60)
    assert replica.get("session") == "v1"
    for version in range(2, 50):
        replica.set("session", f"v{version}", 60)
        assert replica.get("session") == f"v{version}"
    replica.delete("session")
    assert replica.get("session") is None


def test_no_read_is_ever_more_than_max_lag_behind_another_process(make_process):
    """The bound, measured: after each write by another process, the reader polls until it sees
    the new value; no read that began more than MAX_LAG after the write returned the old one."""
    reader, writer = make_process(), make_process()
    writer.set("session", "v0", 60)
    assert reader.get("session") == "v0"
    latest_stale_read = 0.0  # seconds after a write finished, over every write
    for version in range(1, 200):
        writer.set("session", f"v{version}", 60)
        written = time.monotonic()
        while True:
            began = time.monotonic()
            value = reader.get("session")
            if value == f"v{version}":
                break
            assert value == f"v{version - 1}"
            latest_stale_read = max(latest_stale_read, began - written)
    assert latest_stale_read <= MAX_LAG, f"a read {latest_stale_read:.3f} s after a write was stale"


def test_a_delete_by_another_process_is_seen_within_max_lag(make_process):
    reader, writer = make_process(), make_process()
    writer.set("session", "alive", 60)
    assert reader.get("session") == "alive"

    writer.delete("session")  # a logout on another replica
    time.sleep(PAST_THE_BOUND)

    assert reader.get("session") is None


def test_a_flush_is_seen_within_max_lag(make_process, redis_server):
    replica = make_process()
    replica.set("a", 1, 60)
    assert replica.get("a") == 1

    admin(redis_server).flushdb()
    time.sleep(PAST_THE_BOUND)

    assert replica.get("a") is None


def test_a_copy_expires_with_the_key(make_process):
    replica = make_process()
    replica.set("short", "lived", 1)
    assert replica.get("short") == "lived"
    time.sleep(1.1)
    assert replica.get("short") is None


def test_a_lost_tracking_connection_drops_the_copies(make_process, redis_server):
    reader, writer = make_process(), make_process()
    writer.set("session", "before", 60)
    assert reader.get("session") == "before"

    # Every connection but this one: the reader's tracking connection included. Redis forgets
    # its tracking state; the reader must not trust what it kept.
    assert admin(redis_server).client_kill_filter(_type="normal", skipme=True) >= 1
    # Written behind the client's back, as by a process whose writes could not be heard.
    admin(redis_server).set(writer.client.make_key("session"), writer.client.encode("after"))
    time.sleep(PAST_THE_BOUND)

    assert reader.get("session") == "after"


def test_an_idle_process_confirms_with_redis_before_trusting_its_copy(make_process, redis_server):
    replica = make_process()
    replica.set("session", "kept", 60)
    assert replica.get("session") == "kept"
    pings = admin(redis_server).info("commandstats")["cmdstat_ping"]["calls"]

    time.sleep(PAST_THE_BOUND)
    assert replica.get("session") == "kept"

    stats = admin(redis_server).info("commandstats")
    assert stats["cmdstat_ping"]["calls"] == pings + 1


def test_a_stalled_redis_is_not_papered_over_with_copies(make_process, redis_server):
    """Redis stops answering: after MAX_LAG, reads fail (a 503 upstream), not serve copies."""
    replica = make_process()
    replica.set("session", "kept", 60)
    assert replica.get("session") == "kept"

    os.kill(redis_server.process.pid, signal.SIGSTOP)  # a hung server: sockets open, silent
    try:
        time.sleep(PAST_THE_BOUND)
        with pytest.raises(redis.exceptions.TimeoutError):
            replica.get("session")
    finally:
        os.kill(redis_server.process.pid, signal.SIGCONT)
    assert replica.get("session") == "kept"  # back once Redis answers


def test_a_redis_outage_surfaces_as_an_error_not_a_copy(tmp_path):
    server = RedisServer(tmp_path, free_port())
    server.start()
    replica = tuned_cache(server.url)
    try:
        replica.set("session", "kept", 60)
        assert replica.get("session") == "kept"
        server.stop()
        time.sleep(PAST_THE_BOUND)
        with pytest.raises(redis.exceptions.ConnectionError):
            replica.get("session")
        server.start()
        assert replica.get("session") == "kept"  # SHUTDOWN SAVE kept it
    finally:
        replica.client.do_close_clients()
        server.stop()


def test_a_forked_worker_does_not_share_the_parents_tracking(make_process, redis_server):
    parent = make_process()
    parent.set("session", "v1", 60)
    assert parent.get("session") == "v1"
    read, write = os.pipe()

    pid = os.fork()
    if pid == 0:  # the child, as a gunicorn worker forked from a preloaded master
        try:
            parent.client.set("session", "child's", 60)
            os.write(write, str(parent.get("session")).encode())
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 100) == b"child's"
    # The parent's tracking connection is intact and hears the child's write.
    time.sleep(PAST_THE_BOUND)
    assert parent.get("session") == "child's"


def test_copies_are_bounded_and_the_oldest_goes_first(make_process, redis_server):
    replica = make_process(tracking_entries=3)
    for name in "abcd":
        replica.set(name, name, 60)
    for name in "abcd":
        assert replica.get(name) == name
    before = gets_served_by_redis(redis_server)
    assert [replica.get(name) for name in "bcd"] == ["b", "c", "d"]
    assert gets_served_by_redis(redis_server) == before  # the three newest are copies
    assert replica.get("a") == "a"
    assert gets_served_by_redis(redis_server) == before + 1  # "a" made room for "d"


# --- why the bound holds: the order Redis guarantees, on a scripted connection ---------------


class ScriptedConnection:
    """A tracking connection whose messages arrive only when the test lets them, in the order
    Redis keeps on one connection: a write's invalidation before the PONG of any later PING."""

    def __init__(self):
        self.wire: list = []  # sent by Redis, not yet arrived
        self.inbox: list = []  # arrived, unread
        self.pings = 0
        self.handler = None

    def push(self, *keys: bytes):
        """Redis invalidates `keys` (a write finished elsewhere); the push is on its way."""
        self.wire.append(("push", list(keys)))

    def can_read(self, timeout=0):
        return bool(self.inbox)

    def send_command(self, *args):
        assert args == ("PING",)
        self.pings += 1
        self.wire.append(("reply", b"PONG"))

    def read_response(self, push_request=False):
        while True:
            if not self.inbox:  # a blocking read: wait for what is on the wire
                self.inbox, self.wire = self.wire, []
            kind, value = self.inbox.pop(0)
            if kind == "reply":
                return value
            self.handler([b"invalidate", value])
            if push_request:
                return None


def scripted_tracker(monkeypatch) -> tuple[InvalidationTracker, ScriptedConnection, list]:
    clock = [1000.0]
    monkeypatch.setattr(redis_tracking.time, "monotonic", lambda: clock[0])
    connection = ScriptedConnection()
    tracker = InvalidationTracker(lambda: connection, prefix="lab:")

    def start():
        connection.handler = tracker._on_invalidation
        tracker._connection, tracker._pid = connection, os.getpid()

    monkeypatch.setattr(tracker, "_start", start)
    return tracker, connection, clock


def test_a_push_still_on_its_way_is_applied_before_a_copy_older_than_max_lag_is_trusted(
    monkeypatch,
):
    tracker, connection, clock = scripted_tracker(monkeypatch)
    assert tracker.lookup("lab:session") is redis_tracking._MISSING  # starts, confirms once
    tracker.remember("lab:session", b"logged in", ttl_ms=-1)
    assert tracker.lookup("lab:session") == b"logged in"

    connection.push(b"lab:session")  # a logout elsewhere; its push has not arrived yet
    clock[0] += MAX_LAG / 2
    # Within the bound the copy may still be served: that is the staleness the switch accepts.
    assert tracker.lookup("lab:session") == b"logged in"

    clock[0] += MAX_LAG
    # Past it, the read confirms with a PING first, and the push comes in ahead of the PONG.
    assert tracker.lookup("lab:session") is redis_tracking._MISSING


def test_a_ping_sent_before_the_bound_does_not_confirm_a_later_read(monkeypatch):
    tracker, connection, clock = scripted_tracker(monkeypatch)
    tracker.lookup("lab:session")
    tracker.remember("lab:session", b"logged in", ttl_ms=-1)
    clock[0] += redis_tracking.PING_EVERY * 1.5
    tracker.lookup("lab:session")  # sends a heartbeat PING, does not wait for its PONG
    pings = connection.pings
    connection.push(b"lab:session")  # a write after that PING: its PONG cannot cover it

    clock[0] += MAX_LAG * 3
    # The old PING's PONG confirms only up to when it was sent: a new PING must go out.
    assert tracker.lookup("lab:session") is redis_tracking._MISSING
    assert connection.pings == pings + 1
