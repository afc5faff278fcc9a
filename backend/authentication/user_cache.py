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

The user is loaded as a `SessionUser` with its session generation, whose session hash is what
"log out everywhere" changes (models.py); the snapshot carries the generation, so raising it
drops the snapshot too (`forget_user_everywhere`).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from backend.authentication.models import SessionUser

CACHE_ALIAS = "default"
USER_CACHE_SECONDS = 60
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def _key(user_id) -> str:
    return f"auth-user:{user_id}"


def user_cache_enabled() -> bool:
    """Only a cache every process shares can be invalidated everywhere at once."""
    return settings.CACHES[CACHE_ALIAS]["BACKEND"] != LOCMEM


def session_user(user_id) -> SessionUser | None:
    """The user with this id and its session generation, from the database (one query)."""
    users = SessionUser._default_manager.select_related("session_generation")
    return users.filter(pk=user_id).first()


def cached_user(user_id) -> SessionUser | None:
    """The user with this id (None if there is none), from the cache when possible."""
    cache = caches[CACHE_ALIAS]
    user = cache.get(_key(user_id))
    if user is None:
        user = session_user(user_id)
        if user is not None:
            cache.set(_key(user_id), user, USER_CACHE_SECONDS)
    return user


def forget_user(user_id) -> None:
    caches[CACHE_ALIAS].delete(_key(user_id))


def forget_user_everywhere(user_id) -> None:
    """Drop the snapshot now, and again after commit: a request between the two could
    re-cache the old row."""
    forget_user(user_id)
    transaction.on_commit(lambda: forget_user(user_id))


def forget_user_on_change(sender, instance, **kwargs) -> None:
    forget_user_everywhere(instance.pk)


def connect_invalidation() -> None:
    """Drop a user's snapshot whenever the row changes (a signal: this is cache upkeep).

    A save through the SessionUser proxy (a session caller changing its password) is sent
    with the proxy as sender, so both classes are watched.
    """
    for model in (get_user_model(), SessionUser):
        name = model._meta.label_lower
        post_save.connect(forget_user_on_change, sender=model, dispatch_uid=f"lab-cache-{name}")
        post_delete.connect(forget_user_on_change, sender=model, dispatch_uid=f"lab-cache-d-{name}")


class CachedUserBackend(ModelBackend):
    """ModelBackend whose users are SessionUsers, read per request from a shared snapshot."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        # login() stores the session hash of the user it is given, and `get_user` must compute
        # the same one on every later request: both are SessionUsers.
        return None if user is None else session_user(user.pk)

    def get_user(self, user_id):
        user = cached_user(user_id) if user_cache_enabled() else session_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
