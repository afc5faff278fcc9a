"""Process-local copies of Redis keys: served without a round trip, never stale.

Two cache objects stand for two processes (replicas): each has its own connections, its own
local copies and its own tracking connection, against a private redis-server.
"""

import os
import signal
import time
from pathlib import Path

import pytest
import redis
from django_redis.cache import RedisCache

from backend.common import redis_tracking
from backend.config.stores import caches_for
from infra.cluster.redis_server import PrivateRedis
from infra.local_services import free_port


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = PrivateRedis(Path(tmp_path_factory.mktemp("tracking-redis")), free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_process(redis_server):
    """A factory of cache objects configured as settings do (CACHES['sessions'])."""
    made = []

    def make(**options) -> RedisCache:
        params = caches_for(session_store="redis", redis_url=redis_server.url, **options)
        params = params["sessions"]
        cache = RedisCache(params["LOCATION"], params)
        made.append(cache)
        return cache

    yield make
    for cache in made:
        cache.client.do_close_clients()
    redis.Redis.from_url(redis_server.url).flushdb()


def gets_served_by_redis(redis_server) -> int:
    stats = redis.Redis.from_url(redis_server.url).info("commandstats")
    return stats.get("cmdstat_get", {}).get("calls", 0)


def test_settings_use_the_tracking_client_for_every_redis_cache():
    caches = caches_for(session_store="redis", redis_url="redis://127.0.0.1:6379/0")
    for alias in ("default", "sessions"):
        assert caches[alias]["OPTIONS"]["CLIENT_CLASS"].endswith("TrackingRedisClient")
    plain = caches_for(session_store="redis", redis_url="redis://x:1/0", client_tracking=False)
    assert "CLIENT_CLASS" not in plain["sessions"]["OPTIONS"]


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


def test_a_write_by_another_process_is_seen_by_the_next_read(make_process):
    reader, writer = make_process(), make_process()
    writer.set("session", "v1", 60)
    assert reader.get("session") == "v1"

    stale = 0
    for version in range(2, 300):
        writer.set("session", f"v{version}", 60)
        stale += reader.get("session") != f"v{version}"
    assert stale == 0


def test_a_delete_by_another_process_ends_the_copy(make_process):
    reader, writer = make_process(), make_process()
    writer.set("session", "alive", 60)
    assert reader.get("session") == "alive"

    writer.delete("session")  # logout on another replica

    assert reader.get("session") is None


def test_a_copy_expires_with_the_key(make_process):
    replica = make_process()
    replica.set("short", "lived", 1)
    assert replica.get("short") == "lived"
    time.sleep(1.1)
    assert replica.get("short") is None


def test_a_flush_drops_every_copy(make_process, redis_server):
    replica = make_process()
    replica.set("a", 1, 60)
    assert replica.get("a") == 1
    redis.Redis.from_url(redis_server.url).flushdb()
    assert replica.get("a") is None


def test_a_lost_tracking_connection_drops_the_copies(make_process, redis_server):
    reader, writer = make_process(), make_process()
    writer.set("session", "before", 60)
    assert reader.get("session") == "before"

    # Every connection but this one: the reader's tracking connection included. Redis forgets
    # its tracking state; the reader must not trust what it kept.
    admin = redis.Redis.from_url(redis_server.url)
    assert admin.client_kill_filter(_type="normal", skipme=True) >= 1
    # Written behind the client's back, as by a process whose writes we could not hear.
    admin.set(writer.client.make_key("session"), writer.client.encode("after"))

    assert reader.get("session") == "after"


def test_an_idle_process_confirms_with_redis_before_trusting_its_copy(make_process, redis_server):
    replica = make_process()
    replica.set("session", "kept", 60)
    assert replica.get("session") == "kept"
    pings = redis.Redis.from_url(redis_server.url).info("commandstats")["cmdstat_ping"]["calls"]

    time.sleep(redis_tracking.MAX_LAG + 0.1)
    assert replica.get("session") == "kept"

    stats = redis.Redis.from_url(redis_server.url).info("commandstats")
    assert stats["cmdstat_ping"]["calls"] == pings + 1


def test_a_stalled_redis_is_not_papered_over_with_copies(make_process, redis_server):
    """Redis stops answering: after MAX_LAG, reads fail (a 503 upstream), not serve copies."""
    replica = make_process()
    replica.set("session", "kept", 60)
    assert replica.get("session") == "kept"

    os.kill(redis_server.process.pid, signal.SIGSTOP)  # a hung server: sockets open, silent
    try:
        time.sleep(redis_tracking.MAX_LAG + 0.1)
        with pytest.raises(redis.exceptions.TimeoutError):
            replica.get("session")
    finally:
        os.kill(redis_server.process.pid, signal.SIGCONT)
    assert replica.get("session") == "kept"  # back once Redis answers


def test_a_redis_outage_surfaces_as_an_error_not_a_copy(tmp_path):
    server = PrivateRedis(tmp_path, free_port())
    server.start()
    params = caches_for(session_store="redis", redis_url=server.url)["sessions"]
    replica = RedisCache(params["LOCATION"], params)
    try:
        replica.set("session", "kept", 60)
        assert replica.get("session") == "kept"
        server.stop()
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
    # The parent's tracking connection is intact and heard the child's write.
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
