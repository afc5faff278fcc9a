"""Cookie-JWT flow: log in, refresh and log out with the tokens in HttpOnly cookies.

No token ever appears in a body: login and refresh set the cookies `jwt_access` and
`jwt_refresh` (cookie_jwt.py), logout deletes them. The cookies are ambient, so every one of
these requests needs the CSRF token and a trusted Origin, as the session flow's do. Refresh and
logout run the bearer flow's own serializers on the cookie's token, so rotation, reuse
detection and the 401 codes are those of /api/auth/jwt/refresh/ and /api/auth/jwt/logout/.
"""

from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError
from rest_framework_simplejwt.tokens import UntypedToken

from backend.authentication.cookie_jwt import (
    ACCESS_COOKIE,
    AUTH_KIND,
    CHALLENGE,
    REFRESH_COOKIE,
    cookies_delete,
    cookies_policy,
    cookies_set,
)
from backend.authentication.cookie_policy import CookiePolicyField, default_policy, use_policy
from backend.authentication.csrf import enforce_csrf
from backend.authentication.jwt_apis import REFUSAL_CODES
from backend.authentication.jwt_tokens import (
    LabTokenBlacklistSerializer,
    LabTokenRefreshSerializer,
)
from backend.authentication.serializers import LOGIN_THROTTLED, CredentialsInputSerializer
from backend.authentication.services import (
    cookie_jwt_login,
    credentials_check,
    csrf_cookie_delete,
)
from backend.common.schema import CSRF_FAILED, error_response

COOKIE_MISSING = "refresh_cookie_missing"
POLICY_HELP = "SameSite/Secure/Partitioned of the cookies; the server's default when left out."
COOKIES_SET = (
    f"Sets two HttpOnly cookies with the chosen policy's SameSite/Secure/Partitioned: "
    f"`{ACCESS_COOKIE}` (Path=/api/, lives as long as the access token) and `{REFRESH_COOKIE}` "
    f"(Path=/api/auth/cookie-jwt/, lives as long as the refresh token). No token is in the body."
)
CSRF_NEEDED = (
    "Needs the CSRF token (`X-CSRFToken`, from /api/auth/session/csrf/?cookie_policy=…) and, "
    "if the request sends an Origin, a trusted one."
)
REFRESH_COOKIE_PARAMETER = OpenApiParameter(
    REFRESH_COOKIE,
    location=OpenApiParameter.COOKIE,
    required=False,
    description="The refresh token, as login or the last refresh set it (HttpOnly).",
)
COOKIE_REFUSED = error_response(
    f"The `{REFRESH_COOKIE}` cookie did not arrive (`{COOKIE_MISSING}`) or was refused; `code` "
    f"says why, as /api/auth/jwt/refresh/ says it: {REFUSAL_CODES}. Both cookies are deleted: "
    "this sign-in cannot go on in this browser."
)


class CookieJwtSignInOutputSerializer(serializers.Serializer):
    username = serializers.CharField()
    auth = serializers.ChoiceField([AUTH_KIND])
    cookie_policy = serializers.CharField()
    csrfToken = serializers.CharField(
        help_text="The CSRF token to send as X-CSRFToken with every unsafe request."
    )
    access_expires_in = serializers.IntegerField(help_text=f"Seconds `{ACCESS_COOKIE}` lives.")
    refresh_expires_in = serializers.IntegerField(help_text=f"Seconds `{REFRESH_COOKIE}` lives.")


class CookieJwtLogoutOutputSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _cookie_token(request) -> str:
    raw_token = request.COOKIES.get(REFRESH_COOKIE)
    if not raw_token:
        raise AuthenticationFailed(
            f"No `{REFRESH_COOKIE}` cookie arrived: sign in first. A browser withholds it "
            "from a cross-site request under SameSite=Lax or Strict, and when third-party "
            "cookies are blocked.",
            code=COOKIE_MISSING,
        )
    return raw_token


def _bearer_flow(serializer_class, raw_token: str) -> dict:
    """The bearer endpoint's serializer on the cookie's token, refusals as its view gives them."""
    serializer = serializer_class(data={"refresh": raw_token})
    try:
        serializer.is_valid(raise_exception=True)
    except TokenError as error:
        raise InvalidToken(error.args[0]) from error
    except serializers.ValidationError as error:
        raise InvalidToken() from error  # a value no token can be (a NUL character)
    return serializer.validated_data


def _signed_in(response, *, access: str, refresh: str, username: str, policy, csrf_token: str):
    access_expires_in, refresh_expires_in = cookies_set(response, access=access, refresh=refresh)
    response.data = CookieJwtSignInOutputSerializer(
        {
            "username": username,
            "auth": AUTH_KIND,
            "cookie_policy": policy.name,
            "csrfToken": csrf_token,
            "access_expires_in": access_expires_in,
            "refresh_expires_in": refresh_expires_in,
        }
    ).data
    return response


class _CookieJwtApi(APIView):
    # Each view checks CSRF itself: there is no authenticated user to hang DRF's check on.
    authentication_classes = []
    permission_classes = [AllowAny]

    def get_authenticate_header(self, request) -> str:
        # Without a challenge DRF would turn the 401 of a missing or refused cookie into a 403.
        return CHALLENGE


class CookieJwtLoginInputSerializer(CredentialsInputSerializer):
    # Named for the schema: the session login's `InputSerializer` would share its component.
    cookie_policy = CookiePolicyField(default=default_policy, help_text=POLICY_HELP)


class CookieJwtLoginApi(_CookieJwtApi):
    @extend_schema(
        request=CookieJwtLoginInputSerializer,
        responses={
            200: CookieJwtSignInOutputSerializer,
            403: error_response(CSRF_FAILED),
            429: LOGIN_THROTTLED,
        },
        description=f"Sign in; a new refresh-token family. {CSRF_NEEDED} {COOKIES_SET}",
    )
    @method_decorator(never_cache)
    def post(self, request):
        enforce_csrf(request)
        serializer = CookieJwtLoginInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = credentials_check(
            request=request, username=data["username"], password=data["password"]
        )
        policy = data["cookie_policy"]
        refresh, csrf_token = cookie_jwt_login(request=request, user=user, policy=policy)
        return _signed_in(
            Response(),
            access=str(refresh.access_token),
            refresh=str(refresh),
            username=user.get_username(),
            policy=policy,
            csrf_token=csrf_token,
        )


class _CookieRefusalApi(_CookieJwtApi):
    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code == 401:
            cookies_delete(response)  # with the policy the view named before it refused
        return response


class CookieJwtRefreshApi(_CookieRefusalApi):
    @extend_schema(
        request=None,
        parameters=[REFRESH_COOKIE_PARAMETER],
        responses={
            200: CookieJwtSignInOutputSerializer,
            401: COOKIE_REFUSED,
            403: error_response(CSRF_FAILED),
        },
        description=(
            "Rotate the refresh token of the `jwt_refresh` cookie, with the bearer refresh's "
            f"families and reuse detection. {CSRF_NEEDED} Sets both cookies again, with the "
            "policy chosen at login. No token is in the body."
        ),
    )
    @method_decorator(never_cache)
    def post(self, request):
        enforce_csrf(request)
        policy = cookies_policy(request)
        use_policy(request, policy, store_in_session=False)
        rotated = _bearer_flow(LabTokenRefreshSerializer, _cookie_token(request))
        return _signed_in(
            Response(),
            access=rotated["access"],
            refresh=rotated["refresh"],
            username=UntypedToken(rotated["refresh"]).get("username", ""),
            policy=policy,
            csrf_token=get_token(request),
        )


class CookieJwtLogoutApi(_CookieRefusalApi):
    @extend_schema(
        request=None,
        parameters=[REFRESH_COOKIE_PARAMETER],
        responses={
            200: CookieJwtLogoutOutputSerializer,
            401: COOKIE_REFUSED,
            403: error_response(CSRF_FAILED),
        },
        description=(
            "Blacklist the refresh token of the `jwt_refresh` cookie and delete both cookies "
            f"and the CSRF cookie (with the attributes they were set with). {CSRF_NEEDED}"
        ),
    )
    def post(self, request):
        enforce_csrf(request)
        use_policy(request, cookies_policy(request), store_in_session=False)
        _bearer_flow(LabTokenBlacklistSerializer, _cookie_token(request))
        response = Response(
            {
                "detail": "Signed out: the refresh token is blacklisted, both cookies and the "
                "CSRF cookie deleted."
            }
        )
        cookies_delete(response)
        # As a session logout does: the sign-in's CSRF cookie (with its policy) goes too, so
        # none is left for a later sign-in of another policy to carry.
        csrf_cookie_delete(response=response)
        return response
