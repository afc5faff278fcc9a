"""Django settings of the attacker's site: no database, no sessions, one origin.

It refuses to load unless its launcher said this is the lab (site_config.refusal): the import
fails, so gunicorn never serves a request.
"""

import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from backend.authentication.cookie_names import cookie_names
from infra.attacker_site import site_config

reason = site_config.refusal()
if reason:
    raise ImproperlyConfigured(reason)

SITE = site_config.settings_from_env()
HERE = Path(__file__).resolve().parent

# Nothing is signed that must outlive the process: a fresh key per start.
SECRET_KEY = secrets.token_urlsafe(48)
DEBUG = False
ALLOWED_HOSTS = [site_config.HOST, "127.0.0.1", "localhost"]
ROOT_URLCONF = "infra.attacker_site.urls"
WSGI_APPLICATION = "infra.attacker_site.wsgi.application"
INSTALLED_APPS: list[str] = []
DATABASES = {}
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The site's own buttons (replay, verdicts) are CSRF-protected like any site's; only the
    # collector, which takes cross-site posts by design, is exempt.
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
CSRF_TRUSTED_ORIGINS = [SITE.origin]
CSRF_COOKIE_SAMESITE = "Strict"
# Over https its one cookie follows the lab's rules too: Secure, and `__Host-` named.
CSRF_COOKIE_SECURE = SITE.https
CSRF_COOKIE_NAME = cookie_names(https=SITE.https).csrf
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# The browser's default: its forms send a real Origin, as an attacker's page would.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": False,
    }
]
STATIC_DIR = HERE / "static"
USE_TZ = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
