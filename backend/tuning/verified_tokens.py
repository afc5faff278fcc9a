"""Access tokens whose signature is checked once per process, and their expiry on every use.

Profiling showed that for the stateless authenticator almost all of a request's auth cost is
PyJWT verifying, again, a token this process has already verified: base64 and JSON decoding,
key preparation and the HMAC. What that verification establishes (signature, algorithm,
audience, issuer, not-before) depends only on the token's bytes and our key, so a verified
token's claims can be remembered. Time-dependent checks are not remembered: expiry is checked
here on every call, and simplejwt's `Token.verify()` (token type, expiry again) still runs.
Only tokens that passed every check are cached; failures raise and leave no trace.

Stock, simplejwt's AccessToken verifies every token on every request (switch.py).
"""

import functools
import time

from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.exceptions import TokenBackendExpiredToken
from rest_framework_simplejwt.tokens import AccessToken

from backend.authentication.token_backend import token_backend_from_settings

# Bounded: a flood of distinct tokens costs a re-verification each, never unbounded memory.
VERIFIED_TOKENS_PER_PROCESS = 4096


def _now() -> float:
    return time.time()


class VerifiedOnceTokenBackend(TokenBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        verify = functools.partial(TokenBackend.decode, self, verify=True)
        self.verified_claims = functools.lru_cache(maxsize=VERIFIED_TOKENS_PER_PROCESS)(verify)

    def decode(self, token, verify=True):
        if not verify:
            return super().decode(token, verify=False)
        claims = self.verified_claims(token)
        expires = claims.get("exp")
        if expires is not None and expires + self.get_leeway().total_seconds() <= _now():
            raise TokenBackendExpiredToken(_("Token is expired"))
        # A copy: callers may change the payload, and the cached one must stay as verified.
        return dict(claims)


# Once per process, as simplejwt builds its own `state.token_backend`.
verified_once_backend = functools.cache(
    functools.partial(token_backend_from_settings, VerifiedOnceTokenBackend)
)


class VerifiedOnceAccessToken(AccessToken):
    """The access token class the authenticators accept when tuned (AUTH_TOKEN_CLASSES)."""

    @property
    def token_backend(self) -> TokenBackend:
        return verified_once_backend()
