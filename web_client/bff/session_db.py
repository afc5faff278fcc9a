"""Django's database session engine on the BFF's own model (Django's documented extension:
`get_model_class`), with a refresh lease taken by one conditional UPDATE."""

from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.db.models import Q
from django.utils import timezone


class SessionStore(DbSessionStore):
    @classmethod
    def get_model_class(cls):
        from web_client.bff.models import BffSession

        return BffSession

    def claim_refresh(self, seconds: int) -> bool:
        """Take this session's refresh lease if nobody holds a live one; True if taken.

        One UPDATE … WHERE lease is free: the database applies it to the row once, so of
        several requests (threads or processes) exactly one gets a row count of 1.
        """
        now = timezone.now()
        free = Q(refresh_lease_until__isnull=True) | Q(refresh_lease_until__lt=now)
        taken = self.model.objects.filter(free, session_key=self.session_key).update(
            refresh_lease_until=now + timedelta(seconds=seconds)
        )
        return taken == 1

    def release_refresh(self) -> None:
        self.model.objects.filter(session_key=self.session_key).update(refresh_lease_until=None)
