"""On PostgreSQL, the per-request reads run as prepared statements; the switch turns them off."""

import os

import pytest
from django.db import connection

from tests.api.conftest import browser_client, jwt_login, session_login
from tests.support.live_api import run_manage as manage

REQUESTS = 8  # psycopg prepares a statement on its sixth run on a connection


def prepared_statements() -> list[str]:
    """What the server holds prepared for this connection (the one the test client uses)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_jwt_user_read_is_prepared_once_then_reused(alice):
    client = browser_client()
    access = jwt_login(client, "alice").json()["access"]
    for _ in range(REQUESTS):
        me = client.get("/api/auth/me/", HTTP_AUTHORIZATION=f"Bearer {access}")
        assert me.json()["username"] == "alice"
    user_reads = [s for s in prepared_statements() if 'FROM "auth_user"' in s]
    assert len(user_reads) == 1, prepared_statements()
    assert '"auth_user"."id" = $1' in user_reads[0]


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_session_row_read_is_prepared(alice, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"  # stock: Django's own read
    client = browser_client()
    assert session_login(client, "alice").status_code == 200
    for _ in range(REQUESTS):
        assert client.get("/api/auth/me/").json()["username"] == "alice"
    assert any('FROM "django_session"' in s for s in prepared_statements()), prepared_statements()


def database_options(**env) -> str:
    """settings.DATABASES['default']['OPTIONS'] as the settings module builds it (no connection)."""
    done = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(sorted(settings.DATABASES['default']['OPTIONS']"
        ".items()))",
        env={
            "PATH": os.environ["PATH"],
            "DATABASE_URL": "postgres://lab@db.invalid:5432/lab?sslmode=require",
            **env,
        },
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_prepared_statements_are_on_by_default_and_keep_the_url_options():
    assert database_options() == (
        "[('prepare_threshold', 5), ('server_side_binding', True), ('sslmode', 'require')]"
    )


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler():
    assert database_options(DATABASE_PREPARED_STATEMENTS="0") == "[('sslmode', 'require')]"
