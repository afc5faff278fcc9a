"""Session (cookie) flow: CSRF cookie, login, logout — for browsers on an allowed origin."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.authentication.cookie_policy import parse_policy
from backend.authentication.serializers import CredentialsInputSerializer, UserOutputSerializer
from backend.authentication.services import (
    credentials_check,
    csrf_cookie_delete,
    csrf_cookie_issue,
    session_login,
    session_logout,
)
from backend.common.responses import no_store


def enforce_csrf(request) -> None:
    """CSRF check (token and trusted Origin) for a request that is not yet authenticated.

    DRF checks CSRF only once a session has authenticated the user, which leaves login itself
    open to login CSRF; these views call DRF's own check explicitly.
    """
    SessionAuthentication().enforce_csrf(request)


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


class SessionCsrfApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("cookie_policy", str, enum=["lax", "strict", "none", "partitioned"])
        ],
        responses=CSRF_OUTPUT,
    )
    def get(self, request):
        requested = parse_policy(request.query_params.get("cookie_policy"))
        token, policy = csrf_cookie_issue(request=request._request, requested=requested)
        return no_store(Response({"csrfToken": token, "cookiePolicy": policy.name}))


class SessionLoginApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    class InputSerializer(CredentialsInputSerializer):
        cookie_policy = serializers.CharField(required=False, allow_blank=True, max_length=32)

    @extend_schema(request=InputSerializer, responses=LOGIN_OUTPUT)
    def post(self, request):
        enforce_csrf(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        policy = parse_policy(data.get("cookie_policy"))
        user = credentials_check(
            request=request._request, username=data["username"], password=data["password"]
        )
        csrf_token = session_login(request=request._request, user=user, policy=policy)
        body = {
            "user": UserOutputSerializer(user).data,
            "csrfToken": csrf_token,
            "cookiePolicy": policy.name,
        }
        return no_store(Response(body))


class SessionLogoutApi(APIView):
    # Logout works whether or not the session is still alive, but always needs the CSRF token:
    # it is a cookie-authenticated unsafe request like any other.
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        enforce_csrf(request)
        session_logout(request=request._request)
        response = Response(status=204)
        csrf_cookie_delete(response=response)
        return response
