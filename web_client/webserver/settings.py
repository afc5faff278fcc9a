"""Settings of the web client's own server: every value from web_client/site_config.py's
`settings_from_env`, the one place this server reads the environment."""

from backend.authentication.cookie_names import cookie_names
from backend.config.env import dev_secret
from web_client.bff.conf import CACHE_ENGINE, DB_ENGINE
from web_client.site_config import PAGE_HOSTS, REPO_ROOT, settings_from_env

WEB_CLIENT = settings_from_env()

# Signs the BFF's session data: a stable key, so sessions outlive a restart.
SECRET_KEY = WEB_CLIENT.secret_key or dev_secret("web_client_secret_key")
DEBUG = False
# Other names (127.0.0.1, localhost) are redirected to the page before Django reads the host.
ALLOWED_HOSTS = list(PAGE_HOSTS)

INSTALLED_APPS = ["web_client.bff"]
MIDDLEWARE = ["web_client.webserver.middleware.PageHostMiddleware"]
ROOT_URLCONF = "web_client.webserver.urls"
WSGI_APPLICATION = "web_client.webserver.wsgi.application"
WEB_CLIENT_DIR = REPO_ROOT / "web_client"

# Names the API's settings define too; the BFF reads them under either project.
API_PORT = WEB_CLIENT.api_port
WEB_CLIENT_PORT = WEB_CLIENT.port
REDIS_URL = WEB_CLIENT.redis_url
# https mode (LAB_HTTPS): the BFF's cookie is Secure and `__Host-` prefixed, and the BFF calls
# the API over https trusting the lab's CA (LAB_TLS_CA_FILE).
LAB_HTTPS = WEB_CLIENT.https
LAB_TLS_CA_FILE = WEB_CLIENT.ca_file
BFF_COOKIE_NAME = cookie_names(https=LAB_HTTPS).bff

# The BFF's sessions: Redis when REDIS_URL is set, else a SQLite file of their own.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": WEB_CLIENT.bff_sqlite_path,
        # As the API's SQLite: WAL and IMMEDIATE transactions let threads write without
        # "database is locked".
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Its own keys in a Redis the API may share.
            "KEY_PREFIX": "lab-bff",
            # Fail fast: an outage becomes a 503 from the BFF, not a hung thread.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    BFF_SESSION_ENGINE = CACHE_ENGINE
else:
    BFF_SESSION_ENGINE = DB_ENGINE
SESSION_CACHE_ALIAS = "default"
BFF_UPSTREAM_TIMEOUT_SECONDS = WEB_CLIENT.bff_upstream_timeout

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
