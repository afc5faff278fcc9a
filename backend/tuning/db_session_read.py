"""Database sessions whose per-request read is compiled once per process, not per request.

Stock, SESSION_STORE=db is Django's db store (switch.py). Profiling it showed that Django
building and compiling `Session.objects.get(session_key=…, expire_date__gt=now)` on every
request costs more Python (≈270 µs here) than running it (≈130 µs of client CPU, plus ≈55 µs in
PostgreSQL with a prepared statement). The SQL never changes, only its two values: that
compilation is work which belongs at start-up. So Django's own compiler turns that same
queryset into SQL once per process and database, and each request runs it with its own values
through Django's cursor (query logging, execute wrappers and database errors as for any query)
and turns the row into a model instance with `Model.from_db`, the ORM's own constructor for
loaded rows. The SQL is that lookup's `filter()` with its values; the one difference from
Django's `get()` is the `LIMIT 21` with which `get()` spots duplicate rows, which a primary-key
lookup cannot have (tests/api/test_db_session_read.py compares the two statements and their
parameters).

Only PostgreSQL takes this path: its driver hands the row back as the Python values the ORM
would produce (str, aware datetime), so no field converter is skipped. Elsewhere (SQLite in the
embedded demo), or if the compiled parameters do not hold the values as given, Django's query
runs unchanged. Everything else — saving, deleting, expiry, the signed session data — is
Django's db store.
"""

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.db import connections, router
from django.utils import timezone

# Stand-ins compiled into the SQL so that each request's values go to the right parameter,
# whatever order the compiler emits the conditions in.
_KEY_STAND_IN = "\x00compiled-session-key"
_NOW_STAND_IN = datetime(2000, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


@dataclass(frozen=True)
class CompiledSessionRead:
    model: type
    using: str
    sql: str
    key_index: int
    now_index: int
    field_names: tuple[str, ...]

    def fetch(self, session_key: str, now: datetime):
        """The session row as a model instance, or None when none is current."""
        params = [None, None]
        params[self.key_index] = session_key
        params[self.now_index] = now
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        return None if row is None else self.model.from_db(self.using, self.field_names, row)


def compile_session_read(model, using: str) -> CompiledSessionRead | None:
    """Django's own SQL for the db store's read, or None where it must run as a queryset."""
    if connections[using].vendor != "postgresql":
        return None
    queryset = model.objects.using(using).filter(
        session_key=_KEY_STAND_IN, expire_date__gt=_NOW_STAND_IN
    )
    sql, params = queryset.query.get_compiler(using).as_sql()
    if len(params) != 2 or _KEY_STAND_IN not in params or _NOW_STAND_IN not in params:
        return None  # the backend prepared the values: binding ours as given would be wrong
    return CompiledSessionRead(
        model=model,
        using=using,
        sql=sql,
        key_index=params.index(_KEY_STAND_IN),
        now_index=params.index(_NOW_STAND_IN),
        field_names=tuple(field.attname for field in model._meta.concrete_fields),
    )


# Once per process and database: the compiled read, or None for Django's queryset.
session_read_for = functools.cache(compile_session_read)


class SessionStore(DbSessionStore):
    def _get_session_from_db(self):
        read = session_read_for(self.model, router.db_for_read(self.model))
        if read is None:
            return super()._get_session_from_db()
        session = read.fetch(self.session_key, timezone.now())
        if session is None:
            self._session_key = None  # as Django's store does: the next save makes a new key
        return session
