"""JWT in HttpOnly cookies: the authenticator that reads them, and the two cookies themselves.

Why a class of our own and not a library's. simplejwt ships no cookie authenticator (its
thread, issue #71, was closed; PRs #157, #321 and #960 stay unmerged). dj-rest-auth's
`JWTCookieAuthentication` (dj_rest_auth/jwt_auth.py) is the maintained one, and fits none of
what this lab needs beyond its ten lines of `authenticate`:
- the cookie policy is chosen per login (lax, strict, none, partitioned) and must ride every
  rotation and deletion; dj-rest-auth sets and deletes its cookies from global settings
  (JWT_AUTH_SAMESITE, JWT_AUTH_SECURE) and has no Partitioned attribute;
- refresh must run our families (refresh_families.py) through the bearer's own serializer;
  its refresh view runs simplejwt's plain TokenRefreshSerializer, and prefers a body token
  over the cookie;
- one credential per authenticator: it reads the Authorization header first and the cookie
  second, in one class, so /me could not say which credential authenticated, and the bearer
  authenticator would no longer be simplejwt's own;
- CSRF always: its check is off unless JWT_AUTH_COOKIE_USE_CSRF is set.
So, no new dependency: the class below makes the same split dj-rest-auth makes — simplejwt's
documented `get_validated_token` and `get_user`, then DRF's CSRF check (csrf.py) — reading
only the cookie. Bearer and session keep their stock authenticators.

The cookie policy of a sign-in lives in its tokens, as the signed claim `cookie_policy`: the
token is stateless, simplejwt's rotation re-signs the refresh token's payload (so the claim
survives every rotation, as the family id does), and access tokens copy it. Whoever rotates
or deletes the cookies reads the policy from the cookie that arrived, and
CookiePolicyMiddleware stamps it on them as it does on the session and CSRF cookies.
"""

import time

from django.conf import settings
from rest_framework_simplejwt.authentication import (
    JWTAuthentication,
    JWTStatelessUserAuthentication,
)
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import Token, UntypedToken

from backend.authentication.cookie_policy import default_policy
from backend.authentication.csrf import enforce_csrf
from backend.authentication.policies import POLICIES, CookiePolicy

# What /api/auth/me/ and the sign-in bodies call this credential.
AUTH_KIND = "cookie-jwt"
# Named in the settings (backend/authentication/cookie_names.py): `jwt_access`/`jwt_refresh`
# over http, `__Secure-jwt_access`/`__Secure-jwt_refresh` over https. Fixed for a process, as
# its scheme is.
ACCESS_COOKIE = settings.JWT_ACCESS_COOKIE_NAME
REFRESH_COOKIE = settings.JWT_REFRESH_COOKIE_NAME
# The access token goes to every API path; the refresh token only to the cookie-JWT endpoints
# (urls.py mounts them under this path), so it never rides an ordinary request.
ACCESS_COOKIE_PATH = "/api/"
REFRESH_COOKIE_PATH = "/api/auth/cookie-jwt/"
POLICY_CLAIM = "cookie_policy"
# A 401 must name a challenge (RFC 9110 §11.6.1). No registered scheme describes a cookie, so
# the challenge names the cookie (after draft-broyer-http-cookie-auth); no browser prompts.
CHALLENGE = f'Cookie realm="api", cookie-name="{ACCESS_COOKIE}"'


class CookieJwtAuthentication(JWTAuthentication):
    """simplejwt's authenticator, reading the access token from the `jwt_access` cookie only;
    a request it authenticates must pass the CSRF check, as a session's must."""

    cookie_name = ACCESS_COOKIE  # read by backend.common.schema's security scheme

    def authenticate(self, request):
        raw_token = request.COOKIES.get(ACCESS_COOKIE)
        if not raw_token:
            return None  # not this scheme: the next authenticator may try
        validated_token = self.get_validated_token(raw_token)
        user = self.get_user(validated_token)
        # After the token, as SessionAuthentication checks CSRF only once it found a user.
        self.enforce_csrf(request)
        return user, validated_token

    def authenticate_header(self, request) -> str:
        return CHALLENGE

    def enforce_csrf(self, request) -> None:
        # Named as DRF's SessionAuthentication names it: backend.common.schema documents the
        # 403 of every unsafe operation whose authenticators have it.
        enforce_csrf(request)


class CookieJwtStatelessAuthentication(CookieJwtAuthentication, JWTStatelessUserAuthentication):
    """The same, with the user built from the token's claims (JWT_AUTHENTICATOR=stateless)."""


def cookies_set(response, *, access: str, refresh: str) -> tuple[int, int]:
    """Set both cookies, HttpOnly, each living as long as its token; CookiePolicyMiddleware
    adds the policy's attributes. Returns the two lifetimes in seconds (access, refresh)."""
    lifetimes = []
    for name, raw_token, path in (
        (ACCESS_COOKIE, access, ACCESS_COOKIE_PATH),
        (REFRESH_COOKIE, refresh, REFRESH_COOKIE_PATH),
    ):
        # A refresh token's exp is capped at its family's end (refresh_families.py).
        seconds = max(0, int(UntypedToken(raw_token)["exp"] - time.time()))
        response.set_cookie(
            name,
            raw_token,
            max_age=seconds,
            path=path,
            secure=settings.JWT_COOKIE_SECURE,
            httponly=True,
        )
        lifetimes.append(seconds)
    return lifetimes[0], lifetimes[1]


def cookies_delete(response) -> None:
    """Delete both cookies; CookiePolicyMiddleware gives the deletions the policy's
    attributes, without which a browser would not match (or accept) them."""
    for name, path in ((ACCESS_COOKIE, ACCESS_COOKIE_PATH), (REFRESH_COOKIE, REFRESH_COOKIE_PATH)):
        response.delete_cookie(name, path=path)
        response.cookies[name]["httponly"] = True
        if settings.JWT_COOKIE_SECURE:
            response.cookies[name]["secure"] = True


def token_policy(token: Token) -> CookiePolicy:
    """The policy a token's sign-in chose, or the default for a token that names none."""
    return POLICIES.get(token.get(POLICY_CLAIM)) or default_policy()


def cookies_policy(request) -> CookiePolicy:
    """The policy the arriving cookies were set with, read from whichever of them verifies
    (signature, audience, issuer, expiry; neither its type nor a blacklist matters here)."""
    for name in (REFRESH_COOKIE, ACCESS_COOKIE):
        raw_token = request.COOKIES.get(name)
        if not raw_token:
            continue
        try:
            return token_policy(UntypedToken(raw_token))
        except TokenError:
            continue
    return default_policy()
