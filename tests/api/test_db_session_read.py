"""The tuned db store's compiled read (LAB_TUNING) behaves as Django's: same SQL, same
instance, same refusals."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoDbStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models.query import MAX_GET_RESULTS
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.tuning.db_session_read import SessionStore, session_read_for
from tests.api.conftest import browser_client, session_login

pytestmark = pytest.mark.django_db
OUR_ENGINE = "backend.tuning.db_session_read"


@pytest.fixture(autouse=True)
def our_db_store(settings):
    settings.SESSION_ENGINE = OUR_ENGINE


def signed_in_client():
    client = browser_client()
    assert session_login(client, "alice").status_code == 200
    return client


def stored_session() -> DjangoDbStore:
    session = DjangoDbStore()
    session["marker"] = "kept"
    session.create()
    return session


def test_a_signed_in_session_is_recognised(alice):
    assert signed_in_client().get("/api/auth/me/").json()["username"] == "alice"


def test_an_expired_session_row_is_refused(alice):
    client = signed_in_client()
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/auth/me/").status_code == 401


def test_a_deleted_session_row_is_refused(alice):
    client = signed_in_client()
    Session.objects.all().delete()
    assert client.get("/api/auth/me/").status_code == 401


def test_an_unknown_key_loads_nothing_and_a_save_makes_a_new_key(alice):
    store = SessionStore("no-such-session-key-0123456789")
    assert store.load() == {}
    store["x"] = 1
    store.save()
    assert store.session_key != "no-such-session-key-0123456789"
    assert Session.objects.filter(session_key=store.session_key).exists()


def test_it_loads_what_djangos_store_loads(alice):
    saved = stored_session()
    assert SessionStore(saved.session_key).load() == {"marker": "kept"}


@contextmanager
def executed_statements():
    """Every statement sent through Django's cursor: (SQL with placeholders, parameters)."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


@pytest.mark.postgres
def test_on_postgres_it_runs_djangos_sql_and_builds_the_same_instance(alice, monkeypatch):
    saved = stored_session()
    # One clock for both reads, so that the whole statement (its `now` included) must match.
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    with executed_statements() as django_statements:
        expected = DjangoDbStore(saved.session_key)._get_session_from_db()
    with executed_statements() as our_statements:
        loaded = SessionStore(saved.session_key)._get_session_from_db()
    assert session_read_for(Session, "default") is not None

    # Django's get() appends LIMIT 21 to detect MultipleObjectsReturned; session_key is the
    # primary key, so the compiled read leaves that out. Everything else is Django's statement
    # to the letter (WHERE clause included), with the same values in the same order.
    [(django_sql, django_params)] = django_statements
    get_guard = f" LIMIT {MAX_GET_RESULTS}"
    assert django_sql.endswith(get_guard)
    assert our_statements == [(django_sql.removesuffix(get_guard), django_params)]
    assert set(django_params) == {saved.session_key, now}
    for field in Session._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname)
    assert loaded.expire_date.tzinfo is not None
    assert (loaded._state.adding, loaded._state.db) == (False, "default")


@pytest.mark.postgres
def test_on_postgres_a_session_request_compiles_no_sql(alice, monkeypatch):
    client = signed_in_client()
    client.get("/api/auth/me/")  # the first read compiles, once per process
    compiled = []
    real_as_sql = SQLCompiler.as_sql

    def counting_as_sql(self, *args, **kwargs):
        compiled.append(self.query.model)
        return real_as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting_as_sql)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/auth/me/").json()["username"] == "alice"
    # The session row was read, without Django compiling a session query for it (the user
    # row, read by Django's ModelBackend when there is no shared cache, still is).
    assert [q["sql"] for q in queries if '"django_session"' in q["sql"]]
    assert Session not in compiled


def test_elsewhere_djangos_query_runs_unchanged():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite (or any other backend) keeps Django's queryset")
    assert session_read_for(Session, "default") is None
