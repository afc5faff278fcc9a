"""Django's cache session engine (the web client's server points its cache at Redis when
REDIS_URL is set), with a refresh lease taken by the cache's atomic `add` (SET NX EX)."""

from django.conf import settings
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.core.cache import caches

LEASE_PREFIX = "bff-refresh-lease:"


class SessionStore(CacheSessionStore):
    def claim_refresh(self, seconds: int) -> bool:
        """Take this session's refresh lease if nobody holds it; it expires by itself."""
        return caches[settings.SESSION_CACHE_ALIAS].add(self._lease_key, 1, timeout=seconds)

    def release_refresh(self) -> None:
        caches[settings.SESSION_CACHE_ALIAS].delete(self._lease_key)

    @property
    def _lease_key(self) -> str:
        return f"{LEASE_PREFIX}{self.session_key}"
