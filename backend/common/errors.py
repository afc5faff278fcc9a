"""Errors as part of the interface: every failure is a JSON body a client can act on.

Django's own error pages are HTML; the handlers here answer in DRF's `{"detail": ...}` shape,
and a session-store outage anywhere in the stack becomes a 503 rather than a 500.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.views import exception_handler

from backend.common.headers import RETRY_AFTER


class StoreUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = (
        "The session store is unavailable, so session-authenticated requests cannot be served "
        "right now. Bearer-token (JWT) requests are unaffected. Try again shortly."
    )
    default_code = "session_store_unavailable"


class LoginThrottleUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = (
        "Logins are paused: the store that counts failed logins is unavailable, and logins are "
        "not accepted without that limit. Try again shortly."
    )
    default_code = "login_throttle_unavailable"


class DatabaseUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is unavailable right now. Try again shortly."
    default_code = "database_unavailable"


def store_errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ClusterDownError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    # ClusterDownError: a Redis Cluster with a shard between its master's death and the
    # replica's takeover (SESSION_STORE=redis-cluster) answers CLUSTERDOWN.
    return (RedisConnectionError, RedisTimeoutError, ClusterDownError)


UNAVAILABLE = (StoreUnavailable, LoginThrottleUnavailable, DatabaseUnavailable)
RETRY_AFTER_SECONDS = "5"


def as_unavailable(error: BaseException) -> APIException | None:
    """The 503 a backing-service failure means, or None for any other error."""
    if isinstance(error, UNAVAILABLE):
        return error
    if isinstance(error, store_errors()):
        return StoreUnavailable()
    if isinstance(error, OperationalError | InterfaceError):
        # A lost connection (database restarted, or reached through a stale persistent
        # connection) fails this request only; Django drops the connection afterwards.
        return DatabaseUnavailable()
    return None


def api_exception_handler(exc, context):
    """DRF's handler, plus: a store or database that is down is a 503, not a 500."""
    unavailable = as_unavailable(exc)
    response = exception_handler(unavailable or exc, context)
    if unavailable is not None and response is not None:
        response.data = {"detail": str(unavailable.detail), "code": unavailable.default_code}
        response[RETRY_AFTER] = RETRY_AFTER_SECONDS
    return response


def _json_error(detail: str, status_code: int, code: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status_code)


def bad_request(request, exception=None):
    return _json_error("Bad request.", 400, "bad_request")


def permission_denied(request, exception=None):
    return _json_error("You do not have permission to perform this action.", 403, "forbidden")


def not_found(request, exception=None):
    return _json_error("Not found.", 404, "not_found")


def server_error(request):
    # Django calls this handler inside its `except` block, so the exception is still current.
    unavailable = as_unavailable(sys.exc_info()[1])
    if unavailable is not None:
        response = _json_error(str(unavailable.detail), 503, unavailable.default_code)
        response[RETRY_AFTER] = RETRY_AFTER_SECONDS
        return response
    return _json_error("Internal server error.", 500, "server_error")
