"""Each system check refuses the contradictory setting it exists for, and only that."""

from django.core.checks import run_checks
from django.test import override_settings


def check_ids() -> set[str]:
    return {message.id for message in run_checks() if message.id.startswith("lab.")}


def test_default_settings_pass():
    assert check_ids() == set()


@override_settings(CORS_ALLOW_ALL_ORIGINS=True, CORS_ALLOW_CREDENTIALS=True)
def test_credentials_with_any_origin_is_refused():
    assert "lab.E001" in check_ids()


@override_settings(SESSION_COOKIE_SAMESITE="None", SESSION_COOKIE_SECURE=False)
def test_samesite_none_without_secure_is_refused():
    assert "lab.E002" in check_ids()


@override_settings(CSRF_COOKIE_SAMESITE="None", CSRF_COOKIE_SECURE=False)
def test_csrf_samesite_none_without_secure_is_refused():
    assert "lab.E002" in check_ids()


@override_settings(
    CORS_ALLOWED_ORIGINS=["http://app.localhost:5173", "http://other.localhost:5173"],
    CSRF_TRUSTED_ORIGINS=["http://app.localhost:5173"],
)
def test_cors_origin_missing_from_csrf_trusted_origins_is_refused():
    assert "lab.E003" in check_ids()


LOCMEM_SESSIONS = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "sessions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


@override_settings(
    REPLICAS=3, SESSION_ENGINE="django.contrib.sessions.backends.cache", CACHES=LOCMEM_SESSIONS
)
def test_in_process_sessions_with_several_replicas_are_refused():
    assert "lab.E004" in check_ids()


@override_settings(
    REPLICAS=3,
    SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
    CACHES=LOCMEM_SESSIONS,
)
def test_cached_db_over_a_local_cache_with_replicas_is_refused():
    assert "lab.E004" in check_ids()


@override_settings(
    REPLICAS=1, SESSION_ENGINE="django.contrib.sessions.backends.cache", CACHES=LOCMEM_SESSIONS
)
def test_in_process_sessions_with_one_replica_are_fine():
    assert "lab.E004" not in check_ids()


@override_settings(REPLICAS=3, SESSION_ENGINE="django.contrib.sessions.backends.db")
def test_database_sessions_with_replicas_are_fine():
    assert "lab.E004" not in check_ids()


@override_settings(COOKIE_POLICIES=["lax", "sometimes"])
def test_unknown_cookie_policy_is_refused():
    assert "lab.E005" in check_ids()


@override_settings(COOKIE_POLICIES=["strict"], DEFAULT_COOKIE_POLICY="lax")
def test_default_policy_outside_the_allowed_set_is_refused():
    assert "lab.E006" in check_ids()


@override_settings(REPLICAS=3, CACHES=LOCMEM_SESSIONS)
def test_throttle_counters_in_process_memory_with_replicas_warn():
    assert "lab.W001" in check_ids()


@override_settings(
    REPLICAS=3,
    CACHES={**LOCMEM_SESSIONS, "default": {"BACKEND": "django_redis.cache.RedisCache"}},
)
def test_throttle_counters_in_redis_with_replicas_are_fine():
    assert "lab.W001" not in check_ids()


@override_settings(JWT_REFRESH_FAMILY_TTL_SECONDS=0)
def test_refresh_families_without_a_lifetime_are_refused():
    assert check_ids() == {"lab.E011"}


def deploy_check_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


@override_settings(JWT_COOKIE_SECURE=False)
def test_deployed_jwt_cookies_without_secure_warn():
    assert "lab.W002" in deploy_check_ids()
    assert "lab.W002" not in check_ids()  # the demo runs on plain http


@override_settings(JWT_COOKIE_SECURE=True)
def test_deployed_jwt_cookies_with_secure_are_fine():
    assert "lab.W002" not in deploy_check_ids()
