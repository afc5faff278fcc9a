"""Settings for the test suite and for the API servers the tests start: local, hashed fast."""

from backend.config.settings.local import *  # noqa: F403

# Hashing cost is not what the suite measures; a fast hasher keeps hundreds of logins cheap.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
