"""Session users read from a shared cache instead of the database on every request.

Stock, Django's ModelBackend reads the user row per session request (backend/authentication/
backends.py); with the session itself in Redis, that query is all the database work left. Here
the row, with its sign-out generation, is kept as a snapshot in the default cache. Every check
Django makes still runs on each request — `is_active` (user_can_authenticate) and the session's
hash, password and generation folded in — against a snapshot that is dropped whenever the user
row or its generation is saved or deleted through the ORM, on every replica at once because the
cache is shared. Changes that bypass the ORM (raw SQL, `QuerySet.update`) are seen after at most
SNAPSHOT_SECONDS.

Where the cache is process-local (no REDIS_URL: the embedded demo), a save in one process could
not reach the snapshots of the others, so the database is read every time, as stock.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from backend.authentication.backends import SessionUserBackend
from backend.authentication.models import SessionGeneration, SessionUser
from backend.authentication.selectors import session_user
from backend.config.stores import LOCMEM_BACKEND

CACHE_ALIAS = "default"
SNAPSHOT_SECONDS = 60


def _key(user_id) -> str:
    return f"auth-user:{user_id}"


def snapshots_shared() -> bool:
    """Only a cache every process shares can be invalidated everywhere at once."""
    return settings.CACHES[CACHE_ALIAS]["BACKEND"] != LOCMEM_BACKEND


def user_snapshot(user_id) -> SessionUser | None:
    """The user with this id (None if there is none), from the cache when possible."""
    cache = caches[CACHE_ALIAS]
    user = cache.get(_key(user_id))
    if user is None:
        user = session_user(user_id=user_id)
        if user is not None:
            cache.set(_key(user_id), user, SNAPSHOT_SECONDS)
    return user


class SnapshotUserBackend(SessionUserBackend):
    """SessionUserBackend whose per-request user comes from the shared snapshot."""

    def get_user(self, user_id):
        if not snapshots_shared():
            return super().get_user(user_id)
        return self.active_or_none(user_snapshot(user_id))


def forget_snapshot(user_id) -> None:
    caches[CACHE_ALIAS].delete(_key(user_id))


def forget_snapshot_on_change(sender, instance, **kwargs) -> None:
    """Drop the snapshot now, and again after commit: a request between the two could
    re-cache the old row."""
    # A SessionGeneration's primary key is its user's id.
    user_id = instance.pk
    forget_snapshot(user_id)
    transaction.on_commit(lambda: forget_snapshot(user_id))


def connect_invalidation() -> None:
    """Drop a user's snapshot whenever the row or its generation changes (a signal: this is
    cache upkeep). Connected whatever the switch says: a process with tuning off may share the
    cache with one that has it on (`make bench` runs both), and its changes must reach them.

    A save through the SessionUser proxy (a session caller changing its password) is sent with
    the proxy as sender, so both user classes are watched.
    """
    for model in (get_user_model(), SessionUser, SessionGeneration):
        name = model._meta.label_lower
        uid = f"lab-tuning-snapshot-{name}"
        post_save.connect(forget_snapshot_on_change, sender=model, dispatch_uid=uid)
        post_delete.connect(forget_snapshot_on_change, sender=model, dispatch_uid=f"{uid}-d")
