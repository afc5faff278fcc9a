"""The embedded demo: SQLite, in-process caches, plain http on *.localhost names."""

from backend.config import env
from backend.config.settings.base import *  # noqa: F403
from backend.config.settings.base import SIMPLE_JWT

SECRET_KEY = SECRET_KEY or env.dev_secret("secret_key")  # noqa: F405
JWT_SIGNING_KEY = JWT_SIGNING_KEY or env.dev_secret("jwt_signing_key")  # noqa: F405
SIMPLE_JWT = {**SIMPLE_JWT, "SIGNING_KEY": JWT_SIGNING_KEY}
