"""Settings per environment: production is strict, the store table maps as documented."""

import socket

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
    "NUM_PROXIES": "1",
    "PATH": "/usr/bin:/bin",
}


def production(tmp_path, **changes) -> dict[str, str]:
    """The production environment with `changes` applied (None removes a variable)."""
    env = {**PRODUCTION_ENV, "SQLITE_PATH": str(tmp_path / "db.sqlite3"), **changes}
    return {name: value for name, value in env.items() if value is not None}


def check_deploy(env):
    return manage("check", "--deploy", "--fail-level", "WARNING", env=env)


def production_value(env, expression: str) -> str:
    done = manage("shell", "-c", f"from django.conf import settings; print({expression})", env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


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
        ("db", "django.contrib.sessions.backends.db"),
        ("cached_db", "django.contrib.sessions.backends.cached_db"),
        ("memory", "django.contrib.sessions.backends.cache"),
        ("redis", "backend.authentication.session_store"),
        ("signed", "django.contrib.sessions.backends.signed_cookies"),
    ],
)
def test_session_store_table(store, engine):
    assert session_settings_for(store, redis_url="redis://x")[0] == engine


def test_tuning_changes_only_the_db_stores_read():
    for store in ("cached_db", "memory", "redis", "signed"):
        assert session_settings_for(store, redis_url="x", tuned=True) == session_settings_for(
            store, redis_url="x"
        )
    assert (
        session_settings_for("db", redis_url="", tuned=True)[0] == "backend.tuning.db_session_read"
    )


SWITCHED = (
    "settings.LAB_TUNING, settings.AUTHENTICATION_BACKENDS[0].rsplit('.', 1)[0], "
    "settings.SIMPLE_JWT['AUTH_TOKEN_CLASSES'][0], settings.SESSION_ENGINE"
)
STOCK_CLASSES = (
    "False backend.authentication.backends rest_framework_simplejwt.tokens.AccessToken "
    "django.contrib.sessions.backends.db"
)


@pytest.mark.parametrize("module", ["local", "test", "production"])
def test_tuning_is_off_unless_asked_for_everywhere(tmp_path, module):
    assert value_in(module, SWITCHED, tmp_path) == STOCK_CLASSES


def test_lab_tuning_swaps_in_the_tuning_apps_classes(tmp_path):
    assert value_in("local", SWITCHED, tmp_path, LAB_TUNING="1") == (
        "True backend.tuning.user_snapshots backend.tuning.verified_tokens.VerifiedOnceAccessToken "
        "backend.tuning.db_session_read"
    )


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


@pytest.mark.parametrize(
    ("changes", "check_id"),
    [
        # Unset: the demo's http://app.localhost origins must not be the fallback.
        ({"CORS_ALLOWED_ORIGINS": None}, "lab.E007"),
        ({"CORS_ALLOWED_ORIGINS": "http://app.example.com"}, "lab.E008"),
        ({"CSRF_TRUSTED_ORIGINS": "http://app.localhost:5173"}, "lab.E008"),
        ({"JWT_SIGNING_KEY": PRODUCTION_ENV["SECRET_KEY"]}, "lab.E009"),
        ({"JWT_SIGNING_KEY": "short-key-of-31-bytes-xxxxxxxxx"}, "lab.E010"),
    ],
)
def test_production_fails_closed_without_its_own_settings(tmp_path, changes, check_id):
    done = check_deploy(production(tmp_path, **changes))
    assert done.returncode != 0
    assert check_id in done.stdout + done.stderr


def test_production_trusts_no_origin_it_was_not_given(tmp_path):
    env = production(tmp_path, CORS_ALLOWED_ORIGINS=None)
    assert production_value(env, "settings.CORS_ALLOWED_ORIGINS") == "[]"
    assert production_value(env, "settings.CSRF_TRUSTED_ORIGINS") == "[]"


def test_production_requires_the_proxy_count(tmp_path):
    done = manage("check", env=production(tmp_path, NUM_PROXIES=None))
    assert done.returncode != 0
    assert "NUM_PROXIES is required" in done.stderr


@pytest.mark.parametrize(
    ("proxies", "ssl_header"), [("0", "None"), ("1", "HTTP_X_FORWARDED_PROTO")]
)
def test_production_trusts_forwarded_headers_only_behind_a_proxy(tmp_path, proxies, ssl_header):
    env = production(tmp_path, NUM_PROXIES=proxies)
    assert production_value(env, "settings.REST_FRAMEWORK['NUM_PROXIES']") == proxies
    assert ssl_header in production_value(env, "settings.SECURE_PROXY_SSL_HEADER")


def test_production_replica_header_names_no_host_or_process(tmp_path):
    answer = production_value(
        production(tmp_path),
        "__import__('django.test', fromlist=['Client']).Client()"
        ".get('/api/health/', secure=True, HTTP_HOST='api.example.com')['X-Replica']",
    )
    assert answer.startswith("replica-")
    assert socket.gethostname() not in answer
    assert ":" not in answer


def test_the_lab_names_its_replicas_by_host_and_process():
    # Inside the lab the name is the point: which process answered.
    from django.conf import settings

    assert settings.REPLICA_NAME.startswith(f"{socket.gethostname()}:")


def value_in(settings_module: str, expression: str, tmp_path, **env) -> str:
    base = {"PATH": "/usr/bin:/bin", "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    if settings_module == "production":
        base = production(tmp_path)
    full = {**base, "DJANGO_SETTINGS_MODULE": f"backend.config.settings.{settings_module}", **env}
    return production_value(full, expression)


ACCESS_SECONDS = "int(settings.SIMPLE_JWT['ACCESS_TOKEN_LIFETIME'].total_seconds())"


@pytest.mark.parametrize(
    ("module", "seconds"), [("local", "60"), ("test", "300"), ("production", "300")]
)
def test_only_the_demo_watches_one_minute_access_tokens(tmp_path, module, seconds):
    assert value_in(module, ACCESS_SECONDS, tmp_path) == seconds


@pytest.mark.parametrize("module", ["local", "production"])
def test_the_environment_sets_the_access_lifetime_everywhere(tmp_path, module):
    assert value_in(module, ACCESS_SECONDS, tmp_path, JWT_ACCESS_TTL_SECONDS="90") == "90"


@pytest.mark.parametrize(
    ("module", "on"), [("local", "True"), ("test", "True"), ("production", "False")]
)
def test_the_lab_account_switches_are_off_in_production(tmp_path, module, on):
    assert value_in(module, "settings.LAB_ACCOUNT_SWITCHES", tmp_path) == on
    assert value_in(module, "settings.SIMPLE_JWT['CHECK_REVOKE_TOKEN']", tmp_path) == "True"
    assert value_in(module, "settings.JWT_REFRESH_FAMILY_TTL_SECONDS", tmp_path) == "604800"


AUTHENTICATORS = (
    "[c.rsplit('.', 1)[1] for c in settings.REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']]"
)


@pytest.mark.parametrize(
    ("authenticator", "classes"),
    [
        ("db", "['JWTAuthentication', 'CookieJwtAuthentication', 'SessionAuthentication']"),
        (
            "stateless",
            "['JWTStatelessUserAuthentication', 'CookieJwtStatelessAuthentication', "
            "'SessionAuthentication']",
        ),
    ],
)
def test_the_cookie_jwt_is_judged_as_bearer_tokens_are_between_bearer_and_session(
    tmp_path, authenticator, classes
):
    assert value_in("local", AUTHENTICATORS, tmp_path, JWT_AUTHENTICATOR=authenticator) == classes


def test_production_cookie_jwt_cookies_are_always_secure(tmp_path):
    assert value_in("production", "settings.JWT_COOKIE_SECURE", tmp_path) == "True"


@pytest.mark.parametrize(
    ("module", "on"), [("local", "True"), ("test", "True"), ("production", "False")]
)
def test_the_attack_log_is_off_in_production_even_when_the_environment_asks(tmp_path, module, on):
    assert value_in(module, "settings.LAB_ATTACK_LOG", tmp_path, LAB_ATTACK_LOG="1") == on
