"""Settings shared by every environment; environment-specific modules import and adjust them.

Every value that varies between machines comes from `backend.config.env`, with a default that
serves the embedded demo (SQLite, in-process caches).
"""

from datetime import timedelta

import dj_database_url

from backend.authentication.cookie_names import cookie_names
from backend.authentication.policies import DEFAULT_POLICY, POLICIES
from backend.common.headers import (
    IDEMPOTENCY_KEY,
    IDEMPOTENT_REPLAYED,
    RETRY_AFTER,
    X_REPLICA,
)
from backend.config import env
from backend.config.database import postgres_options
from backend.config.stores import caches_for, session_settings_for
from backend.lab.attack_marker import MIDDLEWARE_PATH as ATTACK_LOG_MIDDLEWARE
from backend.tuning.switch import dotted_path
from web_client.site_config import (
    CA_FILE_ENV,
    CROSS_SITE,
    DEFAULT_ATTACKER_SITE_PORT,
    DEFAULT_WEB_CLIENT_PORT,
    HTTPS_ENV,
    SAME_SITE,
    page_origins,
    scheme_for,
)

BASE_DIR = env.REPO_ROOT

# Empty here: local.py and test.py fall back to per-checkout random secrets, production.py
# requires real ones, so no environment ever runs on a key published in the source.
SECRET_KEY = env.string("SECRET_KEY")
JWT_SIGNING_KEY = env.string("JWT_SIGNING_KEY")
DEBUG = env.boolean("DEBUG", False)

# The lab's own fast paths (backend/tuning/), off unless LAB_TUNING is set: off, every request
# runs Django's, DRF's and simplejwt's own code; on, the classes in backend/tuning/switch.py
# replace theirs (user backend, access-token class, Redis client, db session read).
LAB_TUNING = env.boolean("LAB_TUNING", False)

API_PORT = env.integer("API_PORT", 8000)
# https mode (`make demo HTTPS=1`, infra/tls.py): the launchers serve every lab site over TLS
# with the lab's CA and set LAB_HTTPS=1; the origins, cookie names and cookie flags below follow
# this one switch. Off, everything is plain http as it always was.
LAB_HTTPS = env.boolean(HTTPS_ENV, False)
LAB_SCHEME = scheme_for(LAB_HTTPS)
# The lab CA's PEM: what the BFF mounted here (/bff/) trusts when it calls this API over https.
LAB_TLS_CA_FILE = env.string(CA_FILE_ENV)
ALLOWED_HOSTS = env.string_list(
    "ALLOWED_HOSTS",
    # 10.0.2.2 is the host machine as the Android emulator sees it.
    ["api.localhost", "api.lab.localhost", "127.0.0.1", "localhost", "[::1]", "10.0.2.2"],
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "backend.authentication",
    "backend.notes",
    "backend.lab",
    "backend.tuning",
    # The backend-for-frontend, for the same-origin page this API serves (web_client/bff/).
    "web_client.bff",
    # The settings' own system checks (backend/config/checks.py).
    "backend.config",
]

MIDDLEWARE = [
    # Outermost, so that every response, errors included, names the replica that served it.
    "backend.lab.middleware.ReplicaHeaderMiddleware",
    # The lab's record of what arrives for an attacker-site attempt (`?lab_attack=`): before
    # CORS, so it sees refused preflights too; it removes itself when LAB_ATTACK_LOG is off.
    ATTACK_LOG_MIDDLEWARE,
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Outside the session and CSRF middleware: it rewrites the cookies they have just set.
    "backend.authentication.middleware.CookiePolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Django's ModelBackend handing out SessionUsers ("log out everywhere"); tuned, its per-request
# user comes from a shared snapshot.
AUTHENTICATION_BACKENDS = [dotted_path("user_backend", tuned=LAB_TUNING)]

ROOT_URLCONF = "backend.config.urls"
WSGI_APPLICATION = "backend.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env.string("DATABASE_URL")
CONN_MAX_AGE = env.integer("CONN_MAX_AGE", 60)
# Off by default: the check is a `SELECT 1` round trip on every request (measured: about half
# the database work of a session request). Without it, a request that meets a connection the
# database dropped gets a 503 "database unavailable" and Django reconnects for the next one.
CONN_HEALTH_CHECKS = env.boolean("CONN_HEALTH_CHECKS", False)
# PostgreSQL: Django turns psycopg's prepared statements off so that transaction poolers
# (PgBouncer) keep working; with direct connections, a repeated query (the per-request session
# or user read) is parsed and planned once per connection instead of every time.
# Set DATABASE_PREPARED_STATEMENTS=0 behind a transaction-mode pooler.
DATABASE_PREPARED_STATEMENTS = env.boolean("DATABASE_PREPARED_STATEMENTS", True)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_HEALTH_CHECKS
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["OPTIONS"] = {
            **DATABASES["default"].get("OPTIONS", {}),
            **postgres_options(prepared_statements=DATABASE_PREPARED_STATEMENTS),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.string("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            # WAL and IMMEDIATE transactions let several replica processes share one file
            # without "database is locked" errors under load.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches and the session store -----------------------------------------------------------
REDIS_URL = env.string("REDIS_URL")
SESSION_STORE = env.string("SESSION_STORE", "db")
REPLICAS = env.integer("REPLICAS", 1)
CACHES = caches_for(session_store=SESSION_STORE, redis_url=REDIS_URL, tuned=LAB_TUNING)
SESSION_ENGINE, SESSION_CACHE_ALIAS = session_settings_for(
    SESSION_STORE, redis_url=REDIS_URL, tuned=LAB_TUNING
)
REPLICA_NAME = env.replica_name()

# --- Cookies ----------------------------------------------------------------------------------
# Every cookie name has its home in backend/authentication/cookie_names.py: plain over http,
# `__Host-`/`__Secure-` over https (that module says why each prefix).
COOKIE_NAMES = cookie_names(https=LAB_HTTPS)
SESSION_COOKIE_NAME = COOKIE_NAMES.session
CSRF_COOKIE_NAME = COOKIE_NAMES.csrf
JWT_ACCESS_COOKIE_NAME = COOKIE_NAMES.jwt_access
JWT_REFRESH_COOKIE_NAME = COOKIE_NAMES.jwt_refresh
# The BFF's cookie, on the same-origin page's BFF that this API mounts at /bff/.
BFF_COOKIE_NAME = COOKIE_NAMES.bff
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Over https every cookie is Secure, as in production (and a prefixed name requires it).
SESSION_COOKIE_SECURE = LAB_HTTPS or env.boolean("SESSION_COOKIE_SECURE", False)
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 60 * 60 * 8)
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = LAB_HTTPS or env.boolean("CSRF_COOKIE_SECURE", False)
# The cookie-JWT cookies are Secure where their policy says (none, partitioned); with this on,
# always. Production and https mode turn it on (lab.W002 under --deploy).
JWT_COOKIE_SECURE = LAB_HTTPS
# No HSTS from the lab, in https mode too: a Strict-Transport-Security answer from
# api.localhost would pin that name (every port of it: HSTS ignores ports) to https in the
# user's browser for as long as max-age says, breaking plain `make demo` and any other local
# project on *.localhost. Django sends it only when this is non-zero (production sets a year).
SECURE_HSTS_SECONDS = 0
# The CSRF cookie stays readable by same-origin script; cross-site pages get the token from
# response bodies because they cannot read another site's cookies at all.
CSRF_COOKIE_HTTPONLY = False
# The lab's core control: which cookie policies a session login may choose.
COOKIE_POLICIES = env.string_list("COOKIE_POLICIES", list(POLICIES))
DEFAULT_COOKIE_POLICY = env.string("DEFAULT_COOKIE_POLICY", DEFAULT_POLICY)

# --- Web client origins, CORS and CSRF ----------------------------------------------------------
WEB_CLIENT_PORT = env.integer("WEB_CLIENT_PORT", DEFAULT_WEB_CLIENT_PORT)
WEB_CLIENT_DIR = BASE_DIR / "web_client"
# The page origins have one home, the web client's own site_config (its server uses them too).
WEB_CLIENT_ORIGINS = page_origins(WEB_CLIENT_PORT, LAB_SCHEME)
CORS_ALLOWED_ORIGINS = env.string_list(
    "CORS_ALLOWED_ORIGINS", [WEB_CLIENT_ORIGINS[CROSS_SITE], WEB_CLIENT_ORIGINS[SAME_SITE]]
)
CORS_ALLOW_CREDENTIALS = True
# idempotency-key: the web client sends one with every note it creates, so that a retry after
# a lost answer (502, 503, timeout) can never create the note twice (backend/notes/idempotency.py).
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "x-csrftoken", IDEMPOTENCY_KEY]
CORS_EXPOSE_HEADERS = [X_REPLICA, RETRY_AFTER, IDEMPOTENT_REPLAYED]
CORS_URLS_REGEX = r"^/api/.*$"
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", CORS_ALLOWED_ORIGINS)

# --- Django REST framework and simplejwt ----------------------------------------------------------
JWT_AUTHENTICATOR = env.string("JWT_AUTHENTICATOR", "db")
JWT_AUTHENTICATOR_CLASSES = {
    "db": "rest_framework_simplejwt.authentication.JWTAuthentication",
    "stateless": "rest_framework_simplejwt.authentication.JWTStatelessUserAuthentication",
}
# The same token in the HttpOnly cookie `jwt_access` (backend/authentication/cookie_jwt.py),
# judged the way JWT_AUTHENTICATOR judges bearer tokens.
COOKIE_JWT_AUTHENTICATOR_CLASSES = {
    "db": "backend.authentication.cookie_jwt.CookieJwtAuthentication",
    "stateless": "backend.authentication.cookie_jwt.CookieJwtStatelessAuthentication",
}
# How many proxies in front of the API append to X-Forwarded-For. 0 (the default) trusts no
# forwarding header: DRF then counts the TCP peer, so a forged X-Forwarded-For cannot give a
# client a fresh login-failure counter. (DRF reads None as "trust the header's first entry".)
NUM_PROXIES = env.integer("NUM_PROXIES", 0)
# The replica lab over https: TLS ends at nginx, which sets X-Forwarded-Proto itself (never
# passing on a client's), so behind it the header says whether the browser's request was https.
if LAB_HTTPS and NUM_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    # The bearer authenticator comes first: DRF takes the WWW-Authenticate header (and so the
    # 401 rather than 403) from the first class, and SessionAuthentication declares none. Each
    # class reads one credential (header, jwt_access cookie, session cookie), so /me can say
    # which one authenticated.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        JWT_AUTHENTICATOR_CLASSES.get(JWT_AUTHENTICATOR, JWT_AUTHENTICATOR_CLASSES["db"]),
        COOKIE_JWT_AUTHENTICATOR_CLASSES.get(
            JWT_AUTHENTICATOR, COOKIE_JWT_AUTHENTICATOR_CLASSES["db"]
        ),
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["backend.common.parsers.SafeJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "backend.common.schema.LabAutoSchema",
    "EXCEPTION_HANDLER": "backend.common.errors.api_exception_handler",
    "NUM_PROXIES": NUM_PROXIES,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# Idempotency-Key on note creation (backend/notes/idempotency.py). A repeat of an unfinished
# key is refused (409) for this long before it may take the key over: gunicorn's --timeout.
IDEMPOTENCY_LEASE_SECONDS = env.integer("IDEMPOTENCY_LEASE_SECONDS", 30)
# How long a note's first answer is replayed for a repeat of its key.
IDEMPOTENCY_RETENTION_SECONDS = env.integer("IDEMPOTENCY_RETENTION_SECONDS", 86400)

LOGIN_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 10)
LOGIN_FAILURE_WINDOW_SECONDS = env.integer("LOGIN_FAILURE_WINDOW_SECONDS", 60)

# Access-token lifetime: simplejwt's five minutes, unless the environment says otherwise. The
# embedded demo (local.py) defaults to one minute, so that an access token outliving a
# revocation can be watched until it dies.
ACCESS_TTL_SECONDS = 300
DEMO_ACCESS_TTL_SECONDS = 60


def access_token_lifetime(default_seconds: int) -> timedelta:
    return timedelta(seconds=env.integer("JWT_ACCESS_TTL_SECONDS", default_seconds))


# A sign-in's refresh tokens end this long after its login, however often they rotate
# (RFC 9700 §4.14.2; backend/authentication/refresh_families.py).
JWT_REFRESH_FAMILY_TTL_SECONDS = env.integer("JWT_REFRESH_FAMILY_TTL_SECONDS", 7 * 24 * 3600)

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": access_token_lifetime(ACCESS_TTL_SECONDS),
    "REFRESH_TOKEN_LIFETIME": timedelta(seconds=env.integer("JWT_REFRESH_TTL_SECONDS", 86400)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    # Tokens carry a digest of the password hash; the db authenticator refuses them once the
    # password changed (401 password_changed). The stateless one reads no row, so it cannot.
    "CHECK_REVOKE_TOKEN": True,
    # A write per login buys nothing here and costs a query.
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": JWT_SIGNING_KEY,
    "AUDIENCE": env.string("JWT_AUDIENCE", "session-token-lab"),
    "ISSUER": env.string("JWT_ISSUER", "session-token-lab-api"),
    "LEEWAY": env.integer("JWT_LEEWAY_SECONDS", 5),
    "AUTH_HEADER_TYPES": ("Bearer",),
    # simplejwt's AccessToken; tuned, its signature is checked once per process.
    "AUTH_TOKEN_CLASSES": (dotted_path("access_token", tuned=LAB_TUNING),),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Session vs Token Lab API",
    "DESCRIPTION": (
        "One API, three credentials: session cookies, JWTs in HttpOnly cookies, and JWT bearer "
        "tokens."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Separate request and response components: a request schema can then say what input is
    # refused (minLength 1 where a blank string is a 400) and leave out read-only fields.
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's assets come from the sidecar package, served locally: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Static files and the rest ----------------------------------------------------------------
STATIC_URL = "/static/"
# Serve app static files straight from their packages: the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
AUTH_PASSWORD_VALIDATORS = []
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
DEMO_PASSWORD = env.string("DEMO_PASSWORD", "lab-demo-password")
DEMO_USERNAMES = ("alice", "bob")
SEED_DEMO_USERS_ALLOWED = True
# POST /api/lab/deactivate-me/ and /api/lab/reactivate/ for the demo users; production: off (404).
LAB_ACCOUNT_SWITCHES = env.boolean("LAB_ACCOUNT_SWITCHES", True)
# What arrived for each attacker-site attempt, names and verdicts only (backend/lab/attack_log.py),
# read by the attacker site's server at /api/lab/attack-log/<marker>/; production: off (404).
LAB_ATTACK_LOG = env.boolean("LAB_ATTACK_LOG", True)
# Where the attacker's site runs (infra/attacker_site/): the same-origin page's XSS demo sends
# what it finds to that site's collector.
ATTACKER_SITE_PORT = env.integer("ATTACKER_SITE_PORT", DEFAULT_ATTACKER_SITE_PORT)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "WARNING")},
}
