"""Settings for the test suite and for the API servers the tests start: local, hashed fast."""

from backend.config.settings.base import ACCESS_TTL_SECONDS, access_token_lifetime
from backend.config.settings.local import *  # noqa: F403
from backend.config.settings.local import SIMPLE_JWT

# Production's access lifetime, not the demo's minute: tests that need a short one say so in
# the environment of the server they start (JWT_ACCESS_TTL_SECONDS).
SIMPLE_JWT = {**SIMPLE_JWT, "ACCESS_TOKEN_LIFETIME": access_token_lifetime(ACCESS_TTL_SECONDS)}

# Hashing cost is not what the suite measures; a fast hasher keeps hundreds of logins cheap.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
