"""The OpenAPI schema states every answer a view gives, its errors included.

drf-spectacular documents the success response it can see; the errors come from DRF's
exception handling, which it leaves out (drf-spectacular issues #101 and #622). The errors
that follow from what an operation is (it takes input, needs credentials, names an id in its
path, reaches a database or store) are added here, once, with the bodies the API really sends
(`backend.common.errors`). A view declares with `extend_schema` only the errors of its own.
A 405 (a method the path does not serve) or 406 (an Accept header that excludes JSON) answers
how a request was framed, not an operation, and is left out.
"""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTStatelessUserScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from backend.common.headers import RETRY_AFTER

# A view that reaches no database and no store (health, the benchmarks' baseline) sets this
# attribute to False; every other view can meet an outage, which is a 503 (common/errors.py).
USES_BACKING_STORES = "uses_backing_stores"

BAD_REQUEST = (
    "The request was refused as sent: each named field lists what is wrong with it, or "
    "`detail` says what is wrong with the request as a whole (e.g. a body that is not JSON)."
)
UNAUTHENTICATED = (
    "No valid credentials: send a bearer token, the `jwt_access` cookie of a cookie-JWT "
    "sign-in, or the session cookie of a live session."
)
CSRF_FAILED = (
    "CSRF check failed: a cookie-authenticated write (session or cookie JWT) needs the "
    "X-CSRFToken header (the token from /api/auth/session/csrf/) and, if it sends an Origin, "
    "a trusted one."
)
NOT_FOUND = "Nothing at this path: the id does not exist or belongs to another user."
UNSUPPORTED_MEDIA_TYPE = "The body must be JSON (Content-Type: application/json)."
UNAVAILABLE = (
    "A backing service (database, session store or failed-login counters) is unavailable; "
    "try again after Retry-After seconds."
)


class StatelessJwtScheme(SimpleJWTStatelessUserScheme):
    """The stateless authenticator's bearer scheme under a name of its own.

    drf-spectacular names both of simplejwt's authenticators `jwtAuth`; one API that uses both
    (/api/lab/me-db/ and /api/lab/me-stateless/) would hold two components of one name.
    """

    name = "jwtStatelessAuth"
    priority = 1  # over drf-spectacular's own extension for the same class


class CookieJwtScheme(OpenApiAuthenticationExtension):
    """The cookie-JWT authenticator (and its stateless variant): an access token in a cookie.

    OpenAPI's way to say "a credential in a cookie" is an apiKey scheme `in: cookie`, as
    drf-spectacular says it for the session cookie.
    """

    # By path: this module sits below the authentication app and imports nothing from it.
    target_class = "backend.authentication.cookie_jwt.CookieJwtAuthentication"
    match_subclasses = True
    name = "cookieJwtAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": self.target.cookie_name,
            "description": "The access token of POST /api/auth/cookie-jwt/login/ (HttpOnly). "
            "An unsafe request it authenticates also needs the X-CSRFToken header.",
        }


class ApiErrorSerializer(serializers.Serializer):
    """The body of every error but a validation error: DRF's `detail`, and our `code`."""

    detail = serializers.CharField(help_text="What went wrong, in words a user can act on.")
    code = serializers.CharField(required=False, help_text="A stable name for the error.")


# A validation error names each offending field with its messages; a request refused as a
# whole (malformed JSON, wrong credentials) carries one `detail` instead.
VALIDATION_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
RETRY_AFTER_HEADER = {
    "schema": {"type": "integer", "minimum": 0},
    "description": "Seconds to wait before trying again.",
    "required": True,
}


def error_response(description: str) -> OpenApiResponse:
    """An error of one view, for `extend_schema(responses={status: error_response(...)})`."""
    return OpenApiResponse(ApiErrorSerializer, description)


class LabAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, plus the error responses shared by every view."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = {**self._shared_errors(operation), **operation["responses"]}
        for status in ("429", "503"):
            if status in responses:
                headers = responses[status].setdefault("headers", {})
                headers.setdefault(RETRY_AFTER, RETRY_AFTER_HEADER)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _shared_errors(self, operation) -> dict:
        locations = {parameter["in"] for parameter in operation.get("parameters", [])}
        security = operation.get("security", [])
        errors = {}
        if "requestBody" in operation or locations & {"query", "header"}:
            errors["400"] = self._error(BAD_REQUEST, self._validation_error())
        if "requestBody" in operation:
            errors["415"] = self._error(UNSUPPORTED_MEDIA_TYPE)
        if security and {} not in security:
            errors["401"] = self._error(UNAUTHENTICATED)
            if self.method not in SAFE_METHODS and self._accepts_cookie_credentials():
                errors["403"] = self._error(CSRF_FAILED)
        if "path" in locations:
            errors["404"] = self._error(NOT_FOUND)
        if getattr(self.view, USES_BACKING_STORES, True):
            errors["503"] = self._error(UNAVAILABLE)
        return errors

    def _accepts_cookie_credentials(self) -> bool:
        # DRF's SessionAuthentication and the cookie-JWT authenticator check CSRF through a
        # method of this name; a bearer authenticator has none.
        return any(hasattr(a, "enforce_csrf") for a in self.view.get_authenticators())

    def _error(self, description: str, schema: dict | None = None) -> dict:
        schema = schema or self.resolve_serializer(ApiErrorSerializer, "response").ref
        media_types = self.map_renderers("media_type")
        return {
            "description": description,
            "content": {media_type: {"schema": schema} for media_type in media_types},
        }

    def _validation_error(self) -> dict:
        component = ResolvedComponent(
            name="ValidationError",
            type=ResolvedComponent.SCHEMA,
            object="ValidationError",
            schema=VALIDATION_ERROR,
        )
        self.registry.register_on_missing(component)
        return component.ref
