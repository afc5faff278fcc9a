"""Settings per environment: production is strict, the store table maps as documented."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from backend.config.stores import caches_for, session_settings_for
from tests.support.live_api import run_manage as manage

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "backend.config.settings.production",
    "SECRET_KEY": "prod-secret-key-abcdefghijklmnopqrstuvwxyz-0123456789-ABCDEFGHIJKLMN",
    "JWT_SIGNING_KEY": "prod-jwt-key-zyxwvutsrqponmlkjihgfedcba-9876543210-NMLKJIHGFEDCBA",
    "ALLOWED_HOSTS": "api.example.com",
    "CORS_ALLOWED_ORIGINS": "https://app.example.com",
    "PATH": "/usr/bin:/bin",
}


def test_production_passes_check_deploy_with_no_warnings(tmp_path):
    env = {**PRODUCTION_ENV, "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    done = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    done = manage("check", env=env)
    assert done.returncode != 0
    assert "SECRET_KEY is required" in done.stderr


def test_production_allows_one_cookie_policy(tmp_path):
    env = {**PRODUCTION_ENV, "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    done = manage(
        "shell", "-c", "from django.conf import settings; print(settings.COOKIE_POLICIES)", env=env
    )
    assert done.stdout.strip().splitlines()[-1] == "['lax']", done.stderr


def test_seed_command_refuses_to_run_in_production(tmp_path):
    env = {**PRODUCTION_ENV, "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    done = manage("seed_demo_users", env=env)
    assert done.returncode != 0
    assert "Refusing to seed demo users" in done.stderr


@pytest.mark.parametrize(
    ("store", "engine"),
    [
        ("db", "backend.authentication.db_session_store"),
        ("cached_db", "django.contrib.sessions.backends.cached_db"),
        ("memory", "django.contrib.sessions.backends.cache"),
        ("redis", "backend.authentication.session_store"),
        ("signed", "django.contrib.sessions.backends.signed_cookies"),
    ],
)
def test_session_store_table(store, engine):
    assert session_settings_for(store, redis_url="redis://x")[0] == engine


def test_memory_store_is_process_local_even_with_redis():
    caches = caches_for(session_store="memory", redis_url="redis://127.0.0.1:6379/0")
    assert caches["sessions"]["BACKEND"].endswith("LocMemCache")
    assert caches["default"]["BACKEND"].endswith("RedisCache")


def test_redis_store_needs_a_redis_url():
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        caches_for(session_store="redis", redis_url="")


def test_unknown_store_is_refused_with_the_choices():
    with pytest.raises(ImproperlyConfigured, match="db, cached_db, memory, redis, signed"):
        caches_for(session_store="files", redis_url="")


def test_local_memory_caches_do_not_evict_sessions_at_300_entries():
    caches = caches_for(session_store="memory", redis_url="")
    for alias in ("default", "sessions"):
        assert caches[alias]["OPTIONS"]["MAX_ENTRIES"] >= 1_000_000
