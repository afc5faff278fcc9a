"""Session (cookie) flow: CSRF cookie, login, logout — for browsers on an allowed origin."""

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.authentication.cookie_policy import CookiePolicyField, default_policy
from backend.authentication.csrf import enforce_csrf
from backend.authentication.serializers import (
    LOGIN_THROTTLED,
    CredentialsInputSerializer,
    UserOutputSerializer,
)
from backend.authentication.services import (
    credentials_check,
    csrf_cookie_delete,
    csrf_cookie_issue,
    session_login,
    session_logout,
)
from backend.common.parsers import query_data
from backend.common.schema import CSRF_FAILED, error_response

CSRF_OUTPUT = inline_serializer(
    "CsrfToken", {"csrfToken": serializers.CharField(), "cookiePolicy": serializers.CharField()}
)
LOGIN_OUTPUT = inline_serializer(
    "SessionLogin",
    {
        "user": UserOutputSerializer(),
        "csrfToken": serializers.CharField(),
        "cookiePolicy": serializers.CharField(),
    },
)
POLICY_HELP = "SameSite/Secure/Partitioned of the cookies; the server's default when left out."


class SessionCsrfApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    class QuerySerializer(serializers.Serializer):
        cookie_policy = CookiePolicyField(default=default_policy, help_text=POLICY_HELP)

    @extend_schema(parameters=[QuerySerializer], responses=CSRF_OUTPUT)
    @method_decorator(never_cache)
    def get(self, request):
        query = self.QuerySerializer(data=query_data(request))
        query.is_valid(raise_exception=True)
        token, policy = csrf_cookie_issue(
            request=request, requested=query.validated_data["cookie_policy"]
        )
        return Response({"csrfToken": token, "cookiePolicy": policy.name})


class SessionLoginApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    class InputSerializer(CredentialsInputSerializer):
        cookie_policy = CookiePolicyField(default=default_policy, help_text=POLICY_HELP)

    @extend_schema(
        request=InputSerializer,
        responses={200: LOGIN_OUTPUT, 403: error_response(CSRF_FAILED), 429: LOGIN_THROTTLED},
    )
    @method_decorator(never_cache)
    def post(self, request):
        enforce_csrf(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        policy = data["cookie_policy"]
        user = credentials_check(
            request=request, username=data["username"], password=data["password"]
        )
        csrf_token = session_login(request=request, user=user, policy=policy)
        body = {
            "user": UserOutputSerializer(user).data,
            "csrfToken": csrf_token,
            "cookiePolicy": policy.name,
        }
        return Response(body)


class SessionLogoutApi(APIView):
    # Logout works whether or not the session is still alive, but always needs the CSRF token:
    # it is a cookie-authenticated unsafe request like any other.
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None, 403: error_response(CSRF_FAILED)})
    def post(self, request):
        enforce_csrf(request)
        session_logout(request=request)
        response = Response(status=204)
        csrf_cookie_delete(response=response)
        return response
