"""Fixtures shared by every suite."""

import pytest

from tests.support.live_api import start_api


@pytest.fixture(scope="session")
def live_api():
    """One real API server (gunicorn, fresh database, demo users) for the whole run."""
    with start_api() as api:
        yield api
