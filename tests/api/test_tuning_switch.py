"""LAB_TUNING: off by default, the libraries' own classes; on, the tuning app's, and only the
ones its table names. The switch the tests flip is the one the settings read."""

import os

import pytest
from django.conf import settings
from django.contrib.auth import get_backends
from django.core.cache import caches
from rest_framework_simplejwt import authentication as jwt_authentication
from rest_framework_simplejwt.tokens import AccessToken

from backend.tuning.switch import STOCK, TUNED
from tests.api.conftest import tuning_switched

pytestmark = pytest.mark.django_db


def test_the_suite_runs_as_the_environment_says():
    assert settings.LAB_TUNING is (os.environ.get("LAB_TUNING", "") in {"1", "true", "yes", "on"})


def test_stock_runs_django_drf_and_simplejwt_classes():
    with tuning_switched(False):
        # What simplejwt's authenticators read, not merely what the settings say.
        assert list(jwt_authentication.api_settings.AUTH_TOKEN_CLASSES) == [AccessToken]
        [backend] = get_backends()
        assert type(backend).__module__ == "backend.authentication.backends"
        if settings.SESSION_STORE == "db":
            assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
        for alias in ("default", "sessions"):
            options = settings.CACHES[alias].get("OPTIONS", {})
            assert options.get("CLIENT_CLASS", STOCK["redis_client"]) == STOCK["redis_client"]


def test_tuned_runs_the_tuning_apps_classes():
    with tuning_switched(True):
        [token_class] = jwt_authentication.api_settings.AUTH_TOKEN_CLASSES
        assert f"{token_class.__module__}.{token_class.__name__}" == TUNED["access_token"]
        [backend] = get_backends()
        assert f"{type(backend).__module__}.{type(backend).__name__}" == TUNED["user_backend"]
        if settings.SESSION_STORE == "db":
            assert TUNED["db_session_engine"] == settings.SESSION_ENGINE
        caches["default"].get("anything")  # the cache objects build with the tuned options


def test_the_table_swaps_the_same_parts_both_ways():
    assert STOCK.keys() == TUNED.keys()
    assert not set(STOCK.values()) & set(TUNED.values())
    assert all(path.startswith("backend.tuning.") for path in TUNED.values())
