"""With REDIS_URL, the BFF keeps its sessions in Redis (a private redis-server here), and they
outlive a restart of the web client's server there too."""

import redis

from infra.servers import RedisServer
from tests.bff.client import BffClient
from tests.bff.conftest import web_client
from tests.support.live_api import free_port


def test_sessions_live_in_redis_and_survive_a_restart(bff_api, tmp_path):
    (tmp_path / "redis").mkdir()
    with (
        RedisServer(tmp_path / "redis", free_port()) as store,
        web_client(tmp_path, bff_api.port, REDIS_URL=store.url) as server,
    ):
        keys = redis.Redis.from_url(store.url)
        client = BffClient(server.port)
        client.login(bff_api.password)
        session_key = client.cookie.encode()
        assert any(session_key in key for key in keys.keys("lab-bff:*"))
        server.restart()
        assert client.get("/bff/api/auth/me/").json()["username"] == "alice"
        assert client.post("/bff/logout/").status == 200
        assert not any(session_key in key for key in keys.keys("lab-bff:*"))
