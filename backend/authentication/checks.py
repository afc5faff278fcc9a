"""System checks that refuse contradictory auth settings at `manage.py check`, not in production.

Ids are stable (`lab.E00N`) so they can be silenced or searched for deliberately.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from backend.authentication.cookie_policy import POLICIES

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
# HS256 signs with HMAC-SHA-256: RFC 7518 §3.2 asks for a key at least as long as the hash.
JWT_SIGNING_KEY_MIN_BYTES = 32
CACHE_SESSION_ENGINES = (
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
    "backend.authentication.session_store",
)


@register()
def cors_credentials_with_any_origin(app_configs, **kwargs):
    if settings.CORS_ALLOW_CREDENTIALS and getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False):
        return [
            Error(
                "CORS_ALLOW_CREDENTIALS is combined with CORS_ALLOW_ALL_ORIGINS.",
                hint="Any site could make credentialed requests as your users. List the "
                "web-client origins in CORS_ALLOWED_ORIGINS instead.",
                id="lab.E001",
            )
        ]
    return []


@register()
def samesite_none_requires_secure(app_configs, **kwargs):
    errors = []
    for prefix in ("SESSION", "CSRF"):
        samesite = getattr(settings, f"{prefix}_COOKIE_SAMESITE")
        secure = getattr(settings, f"{prefix}_COOKIE_SECURE")
        if str(samesite).lower() == "none" and not secure:
            errors.append(
                Error(
                    f"{prefix}_COOKIE_SAMESITE is 'None' but {prefix}_COOKIE_SECURE is False.",
                    hint="Browsers reject SameSite=None cookies without Secure. Set "
                    f"{prefix}_COOKIE_SECURE = True.",
                    id="lab.E002",
                )
            )
    return errors


@register()
def cors_origins_are_csrf_trusted(app_configs, **kwargs):
    missing = [o for o in settings.CORS_ALLOWED_ORIGINS if o not in settings.CSRF_TRUSTED_ORIGINS]
    if missing:
        return [
            Error(
                f"CORS origins missing from CSRF_TRUSTED_ORIGINS: {', '.join(missing)}.",
                hint="A page on these origins may read responses but every cookie-authenticated "
                "write from it would fail the CSRF origin check. Add them to "
                "CSRF_TRUSTED_ORIGINS (or remove them from CORS_ALLOWED_ORIGINS).",
                id="lab.E003",
            )
        ]
    return []


@register()
def in_process_sessions_with_replicas(app_configs, **kwargs):
    if settings.REPLICAS <= 1 or settings.SESSION_ENGINE not in CACHE_SESSION_ENGINES:
        return []
    backend = settings.CACHES.get(settings.SESSION_CACHE_ALIAS, {}).get("BACKEND")
    if backend != LOCMEM:
        return []
    return [
        Error(
            f"Sessions are kept in process memory ({backend}) while REPLICAS={settings.REPLICAS}.",
            hint="Each replica would know only its own sessions (and cached_db would serve "
            "sessions already logged out elsewhere). Use SESSION_STORE=db, redis or signed.",
            id="lab.E004",
        )
    ]


@register()
def cookie_policies_are_known(app_configs, **kwargs):
    unknown = [p for p in settings.COOKIE_POLICIES if p not in POLICIES]
    errors = []
    if unknown or not settings.COOKIE_POLICIES:
        errors.append(
            Error(
                f"COOKIE_POLICIES holds unknown or no policies: {unknown or '(empty)'}.",
                hint=f"Choose among {', '.join(POLICIES)}.",
                id="lab.E005",
            )
        )
    if settings.DEFAULT_COOKIE_POLICY not in settings.COOKIE_POLICIES:
        errors.append(
            Error(
                f"DEFAULT_COOKIE_POLICY {settings.DEFAULT_COOKIE_POLICY!r} is not allowed by "
                "COOKIE_POLICIES.",
                id="lab.E006",
            )
        )
    return errors


@register()
def throttle_counters_shared_between_replicas(app_configs, **kwargs):
    if settings.REPLICAS <= 1 or settings.CACHES["default"].get("BACKEND") != LOCMEM:
        return []
    return [
        Warning(
            f"Failed-login counters are kept in process memory while REPLICAS={settings.REPLICAS}.",
            hint="Each replica counts on its own, so the login limit is multiplied by the "
            "number of replicas. Set REDIS_URL so that the counters are shared.",
            id="lab.W001",
        )
    ]


@register(Tags.security, deploy=True)
def deployed_origins_are_explicit(app_configs, **kwargs):
    """A deployment names its web-client origins; the demo's http ones never carry over."""
    errors = []
    for name in ("CORS_ALLOWED_ORIGINS", "CSRF_TRUSTED_ORIGINS"):
        origins = getattr(settings, name)
        if not origins:
            errors.append(
                Error(
                    f"{name} is empty.",
                    hint=f"Set {name} to the https origins of your web client "
                    "(e.g. https://app.example.com); nothing is allowed by default.",
                    id="lab.E007",
                )
            )
        plain = [origin for origin in origins if urlsplit(origin).scheme != "https"]
        if plain:
            errors.append(
                Error(
                    f"{name} allows origins without https: {', '.join(plain)}.",
                    hint="A page served over plain http can be rewritten on the way, and the "
                    "API would trust what it sends with the user's cookies. List https "
                    "origins only.",
                    id="lab.E008",
                )
            )
    return errors


@register(Tags.security)
def jwt_signing_key_is_its_own(app_configs, **kwargs):
    key = settings.SIMPLE_JWT.get("SIGNING_KEY") or ""
    errors = []
    if key == settings.SECRET_KEY:
        errors.append(
            Error(
                "The JWT signing key is SECRET_KEY.",
                hint="Set JWT_SIGNING_KEY to its own random value: a leak or rotation of one "
                "key must not forge or end the other's cookies, CSRF tokens and tokens.",
                id="lab.E009",
            )
        )
    if len(key.encode()) < JWT_SIGNING_KEY_MIN_BYTES:
        errors.append(
            Error(
                f"The JWT signing key is {len(key.encode())} bytes long; HS256 needs at least "
                f"{JWT_SIGNING_KEY_MIN_BYTES}.",
                hint="Generate one, e.g. `openssl rand -base64 48`.",
                id="lab.E010",
            )
        )
    return errors


@register()
def refresh_families_have_a_lifetime(app_configs, **kwargs):
    ttl = settings.JWT_REFRESH_FAMILY_TTL_SECONDS
    if ttl > 0:
        return []
    return [
        Error(
            f"JWT_REFRESH_FAMILY_TTL_SECONDS is {ttl}.",
            hint="A sign-in's refresh tokens end this many seconds after its login; with none "
            "left, every JWT login would hand out a refresh token that is already refused. "
            "Set a positive number (default 604800, 7 days).",
            id="lab.E011",
        )
    ]
