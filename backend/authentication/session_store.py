"""Cache-backed sessions that report a store outage instead of hiding it.

Django's cache session backend treats any error on load as "no session", so a Redis outage
would silently log everybody out. Here a connection failure raises StoreUnavailable, which
the API turns into a 503: never a 500, and never an anonymous or authenticated guess.
"""

from django.conf import settings
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.core.cache import caches

from backend.common.errors import StoreUnavailable, store_errors

STORE_ERRORS = store_errors()


class SessionStore(CacheSessionStore):
    def load(self):
        try:
            session_data = caches[settings.SESSION_CACHE_ALIAS].get(self.cache_key)
        except STORE_ERRORS as error:
            raise StoreUnavailable() from error
        if session_data is not None:
            return session_data
        # No such session: Django's own load (asking once more) drops the key, so that the
        # next save makes a new one. Only a cookie naming no live session pays the second read.
        return super().load()

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
