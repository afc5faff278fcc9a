"""System checks of the authentication app's own settings: cookie policies, the JWT signing
key, refresh-token families, the failed-login counters and the cookie-JWT cookies.

Ids are the project's (`lab.`) and stable, so they can be silenced or searched for
deliberately; checks of settings that span the project live in backend/config/checks.py.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from backend.authentication.policies import POLICIES
from backend.config.stores import LOCMEM_BACKEND

# HS256 signs with HMAC-SHA-256: RFC 7518 §3.2 asks for a key at least as long as the hash.
JWT_SIGNING_KEY_MIN_BYTES = 32


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
    if settings.REPLICAS <= 1 or settings.CACHES["default"].get("BACKEND") != LOCMEM_BACKEND:
        return []
    return [
        Warning(
            f"Failed-login counters are kept in process memory while REPLICAS={settings.REPLICAS}.",
            hint="Each replica counts on its own, so the login limit is multiplied by the "
            "number of replicas. Set REDIS_URL so that the counters are shared.",
            id="lab.W001",
        )
    ]


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


@register(Tags.security, deploy=True)
def jwt_cookies_are_secure(app_configs, **kwargs):
    """Deployed, the cookie-JWT cookies are Secure whatever their policy, like the session's."""
    if settings.JWT_COOKIE_SECURE:
        return []
    return [
        Warning(
            "JWT_COOKIE_SECURE is False.",
            hint="The jwt_access and jwt_refresh cookies carry tokens; under the lax and strict "
            "policies they would also travel over plain http, where anyone on the way can read "
            "them. Set JWT_COOKIE_SECURE = True (production.py does).",
            id="lab.W002",
        )
    ]
