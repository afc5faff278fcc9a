"""Cache-backed sessions that report a store outage instead of hiding it.

Django's cache session backend treats any error on load as "no session", so a Redis outage
would silently log everybody out. Here a connection failure raises StoreUnavailable, which
the API turns into a 503: never a 500, and never an anonymous or authenticated guess.
"""

from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore

from backend.common.errors import StoreUnavailable, store_errors

STORE_ERRORS = store_errors()


class SessionStore(CacheSessionStore):
    def load(self):
        try:
            session_data = self._cache.get(self.cache_key)
        except STORE_ERRORS as error:
            raise StoreUnavailable() from error
        if session_data is not None:
            return session_data
        self._session_key = None
        return {}

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except STORE_ERRORS as error:
            raise StoreUnavailable() from error

    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except STORE_ERRORS as error:
            raise StoreUnavailable() from error

    def delete(self, session_key=None):
        try:
            return super().delete(session_key)
        except STORE_ERRORS as error:
            raise StoreUnavailable() from error
