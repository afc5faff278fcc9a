"""Where tests/api found the private redis-server; infra.servers.RedisServer is its home."""

from infra.servers import RedisServer as PrivateRedis  # noqa: F401
