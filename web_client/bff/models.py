"""The BFF's session rows (its SQLite file in the web client's server, the API's database in
the API process): Django's session model plus the refresh lease of tokens.py."""

from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class BffSession(AbstractBaseSession):
    # While in the future, one request of this session is renewing its tokens at the API;
    # the session's other requests wait for it instead of refreshing with the same token.
    refresh_lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "bff_session"
        verbose_name = "BFF session"

    @classmethod
    def get_session_store_class(cls):
        from web_client.bff.session_db import SessionStore

        return SessionStore
