"""What the LAB_TUNING switch changes in the settings: every class it swaps, stock and tuned.

Read by backend/config (the settings and the store table) and by the tests that run a scenario
both ways. No Django imports: the settings module imports it before Django is set up.
"""

# Off: the libraries' own classes. SessionUserBackend is Django's ModelBackend handing out the
# users "log out everywhere" needs (correctness, not tuning); AccessToken is simplejwt's default
# token class; DefaultClient is django-redis' default client.
STOCK = {
    "user_backend": "backend.authentication.backends.SessionUserBackend",
    "access_token": "rest_framework_simplejwt.tokens.AccessToken",
    "db_session_engine": "django.contrib.sessions.backends.db",
    "redis_client": "django_redis.client.DefaultClient",
}
TUNED = {
    "user_backend": "backend.tuning.user_snapshots.SnapshotUserBackend",
    "access_token": "backend.tuning.verified_tokens.VerifiedOnceAccessToken",
    "db_session_engine": "backend.tuning.db_session_read",
    "redis_client": "backend.tuning.redis_tracking.TrackingRedisClient",
}


def dotted_path(part: str, *, tuned: bool) -> str:
    """The class (or session engine module) that does `part` with the switch off or on."""
    return (TUNED if tuned else STOCK)[part]
