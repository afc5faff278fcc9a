"""Production: HTTPS only, secrets required, one cookie policy.

`manage.py check --deploy` passes with no warnings once the environment provides SECRET_KEY,
JWT_SIGNING_KEY, ALLOWED_HOSTS, NUM_PROXIES and https CORS_ALLOWED_ORIGINS: nothing that the
demo allows (its http origins, its per-checkout keys) carries over by default.
"""

from backend.authentication.cookie_names import cookie_names
from backend.authentication.policies import DEFAULT_POLICY
from backend.config import env
from backend.config.settings.base import *  # noqa: F403

DEBUG = False
SEED_DEMO_USERS_ALLOWED = False
# The lab's account switches (deactivate-me, reactivate) do not exist in a deployment.
LAB_ACCOUNT_SWITCHES = False
LAB_ATTACK_LOG = False
SECRET_KEY = env.required("SECRET_KEY")
JWT_SIGNING_KEY = env.required("JWT_SIGNING_KEY")
SIMPLE_JWT = {**SIMPLE_JWT, "SIGNING_KEY": JWT_SIGNING_KEY}  # noqa: F405
# No default: the demo's http origins must never be trusted by a deployment (lab.E007/E008).
CORS_ALLOWED_ORIGINS = env.string_list("CORS_ALLOWED_ORIGINS", [])
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", CORS_ALLOWED_ORIGINS)
# Every response names its replica (X-Replica); outside the lab that name is opaque, not the
# host name and process id an attacker would like to know.
REPLICA_NAME = env.string("REPLICA_NAME") or env.opaque_replica_id()
ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise env.ImproperlyConfiguredEnv("ALLOWED_HOSTS is required in production.")

# Production serves collected files: `manage.py collectstatic` fills this folder.
STATIC_ROOT = env.string("STATIC_ROOT", str(BASE_DIR / "staticfiles"))  # noqa: F405
WHITENOISE_USE_FINDERS = False

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
JWT_COOKIE_SECURE = True
# https only, so the https names `__Host-…`, `__Secure-…` (backend/authentication/cookie_names.py).
COOKIE_NAMES = cookie_names(https=True)
SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = COOKIE_NAMES.session, COOKIE_NAMES.csrf
JWT_ACCESS_COOKIE_NAME = COOKIE_NAMES.jwt_access
JWT_REFRESH_COOKIE_NAME = COOKIE_NAMES.jwt_refresh
BFF_COOKIE_NAME = COOKIE_NAMES.bff
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
# Stated, never assumed: how many proxies append to X-Forwarded-For in front of the API (0 when
# clients connect to it directly). The login throttle takes the client's address from it, and
# only behind a proxy is X-Forwarded-Proto a header the client could not have forged.
NUM_PROXIES = env.required_integer("NUM_PROXIES")
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": NUM_PROXIES}  # noqa: F405
if NUM_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# One configured policy: a production API does not let clients pick their cookie rules.
COOKIE_POLICIES = [env.string("COOKIE_POLICY", DEFAULT_POLICY)]
DEFAULT_COOKIE_POLICY = COOKIE_POLICIES[0]
