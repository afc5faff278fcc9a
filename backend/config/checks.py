"""System checks of settings that span the project: web-client origins, cookie flags, and
state kept in process memory while several replicas are declared.

They refuse contradictory settings at `manage.py check`, not in production. Ids are the
project's (`lab.`) and stable, so they can be silenced or searched for deliberately; the checks
of the authentication app's own settings live in backend/authentication/checks.py.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

from backend.config.stores import CACHE_BACKED_SESSION_ENGINES, LOCMEM_BACKEND


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
    if settings.REPLICAS <= 1 or settings.SESSION_ENGINE not in CACHE_BACKED_SESSION_ENGINES:
        return []
    backend = settings.CACHES.get(settings.SESSION_CACHE_ALIAS, {}).get("BACKEND")
    if backend != LOCMEM_BACKEND:
        return []
    return [
        Error(
            f"Sessions are kept in process memory ({backend}) while REPLICAS={settings.REPLICAS}.",
            hint="Each replica would know only its own sessions (and cached_db would serve "
            "sessions already logged out elsewhere). Use SESSION_STORE=db, redis or signed.",
            id="lab.E004",
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
