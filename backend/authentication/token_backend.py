"""simplejwt's token backend built from its settings, for a caller that needs another leeway or
class than the one `rest_framework_simplejwt.state` builds once at import."""

from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.settings import api_settings


def token_backend_from_settings(backend_class=TokenBackend, *, leeway=None) -> TokenBackend:
    """A backend built with the arguments of simplejwt's own `state.token_backend`."""
    return backend_class(
        api_settings.ALGORITHM,
        api_settings.SIGNING_KEY,
        api_settings.VERIFYING_KEY,
        api_settings.AUDIENCE,
        api_settings.ISSUER,
        api_settings.JWK_URL,
        api_settings.LEEWAY if leeway is None else leeway,
        api_settings.JSON_ENCODER,
    )
