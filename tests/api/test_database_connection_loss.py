"""A real PostgreSQL server dropping the API's persistent connection: one 503, then recovery."""

import os

import psycopg
import pytest
import requests

from infra.bench.credentials import session_headers
from tests.support.live_api import start_api

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="needs the PostgreSQL server (DATABASE_URL)"
)


def end_every_connection(api) -> None:
    """The database ends every session of the API's database, as a restart would."""
    with psycopg.connect(api.env["DATABASE_URL"], autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_a_dropped_connection_costs_one_retryable_503_then_the_api_recovers():
    with start_api(threads=1) as api:
        tokens = requests.post(
            f"{api.base_url}/api/auth/jwt/token/",
            json={"username": "alice", "password": api.password},
            timeout=5,
        ).json()
        headers = {"Authorization": f"Bearer {tokens['access']}"}
        notes = f"{api.base_url}/api/notes/"
        assert requests.get(notes, headers=headers, timeout=5).status_code == 200
        end_every_connection(api)
        # The request that meets the dead persistent connection fails cleanly (no health-check
        # round trip per request guards against this, by choice: see CONN_HEALTH_CHECKS)...
        first = requests.get(notes, headers=headers, timeout=5)
        assert first.status_code == 503, first.text
        assert first.json()["code"] == "database_unavailable"
        assert first.headers["Retry-After"]
        # ...and Django reconnects for the next one, without a restart.
        assert requests.get(notes, headers=headers, timeout=5).status_code == 200


def test_the_db_session_read_meets_a_dropped_connection_the_same_way():
    with start_api(threads=1, env={"SESSION_STORE": "db"}) as api:
        headers = session_headers(api.base_url, api.password)
        me = f"{api.base_url}/api/auth/me/"
        assert requests.get(me, headers=headers, timeout=5).status_code == 200
        end_every_connection(api)
        first = requests.get(me, headers=headers, timeout=5)
        assert first.status_code == 503, first.text
        assert first.json()["code"] == "database_unavailable"
        assert requests.get(me, headers=headers, timeout=5).json()["username"] == "alice"
