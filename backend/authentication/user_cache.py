"""Session users loaded from the shared cache instead of the database on every request.

Profiling showed the per-request user query is most of a session request's cost: with the
session itself in Redis, it was the only database work left. Every check Django makes still
runs on each request — `is_active` (user_can_authenticate) and the session's password-derived
hash — against a snapshot that is dropped whenever the user row is saved or deleted through
the ORM, on every replica at once because the cache is shared. Changes that bypass the ORM
(raw SQL, `QuerySet.update`) are seen after at most USER_CACHE_SECONDS.

Where the cache is process-local (no REDIS_URL: the embedded demo), a save in one process
could not reach the snapshots of the others — other replicas, or other gunicorn workers — so
the database is read every time, as Django does.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

CACHE_ALIAS = "default"
USER_CACHE_SECONDS = 60
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def _key(user_id) -> str:
    return f"auth-user:{user_id}"


def user_cache_enabled() -> bool:
    """Only a cache every process shares can be invalidated everywhere at once."""
    return settings.CACHES[CACHE_ALIAS]["BACKEND"] != LOCMEM


def cached_user(user_id):
    """The user with this id (None if there is none), from the cache when possible."""
    cache = caches[CACHE_ALIAS]
    user = cache.get(_key(user_id))
    if user is None:
        user = get_user_model()._default_manager.filter(pk=user_id).first()
        if user is not None:
            cache.set(_key(user_id), user, USER_CACHE_SECONDS)
    return user


def forget_user(user_id) -> None:
    caches[CACHE_ALIAS].delete(_key(user_id))


def forget_user_on_change(sender, instance, **kwargs) -> None:
    # Now, and again after commit: a request between the two could re-cache the old row.
    forget_user(instance.pk)
    transaction.on_commit(lambda: forget_user(instance.pk))


def connect_invalidation() -> None:
    """Drop a user's snapshot whenever the row changes (a signal: this is cache upkeep)."""
    user_model = get_user_model()
    post_save.connect(forget_user_on_change, sender=user_model, dispatch_uid="lab-user-cache")
    post_delete.connect(forget_user_on_change, sender=user_model, dispatch_uid="lab-user-cache-d")


class CachedUserBackend(ModelBackend):
    """ModelBackend whose per-request `get_user` reads a shared snapshot of the user."""

    def get_user(self, user_id):
        if not user_cache_enabled():
            return super().get_user(user_id)
        user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
