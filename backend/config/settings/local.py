"""The embedded demo: SQLite, in-process caches, plain http on *.localhost names, and access
tokens that die within a minute, so what outlives a revocation can be watched."""

from backend.config import env
from backend.config.settings.base import *  # noqa: F403
from backend.config.settings.base import (
    DEMO_ACCESS_TTL_SECONDS,
    SIMPLE_JWT,
    access_token_lifetime,
)

SECRET_KEY = SECRET_KEY or env.dev_secret("secret_key")  # noqa: F405
JWT_SIGNING_KEY = JWT_SIGNING_KEY or env.dev_secret("jwt_signing_key")  # noqa: F405
SIMPLE_JWT = {
    **SIMPLE_JWT,
    "SIGNING_KEY": JWT_SIGNING_KEY,
    "ACCESS_TOKEN_LIFETIME": access_token_lifetime(DEMO_ACCESS_TTL_SECONDS),
}
