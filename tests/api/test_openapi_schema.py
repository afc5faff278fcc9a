"""The OpenAPI schema tells the truth: the errors each operation gives, in their real shapes.

A client generated from /api/schema/ must find every status the API answers documented, with
the body that really comes back, and must be told which input is refused.
"""

import jsonschema
import pytest
from rest_framework.test import APIClient

from tests.api.conftest import PASSWORD, browser_client, sign_in

pytestmark = pytest.mark.django_db

TOKEN = "/api/auth/jwt/token/"
LOGIN = "/api/auth/session/login/"


def fetch_schema() -> dict:
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def component(schema: dict, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def request_body(schema: dict, path: str, method: str = "post") -> dict:
    ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return component(schema, ref["$ref"])


@pytest.mark.parametrize(
    ("method", "path", "documented"),
    [
        # Store-free: no credentials, no input, no database.
        ("get", "/api/health/", {"200"}),
        ("get", "/api/auth/me/", {"200", "401", "503"}),
        ("get", "/api/auth/session/csrf/", {"200", "400", "503"}),
        ("post", LOGIN, {"200", "400", "403", "415", "429", "503"}),
        ("post", "/api/auth/session/logout/", {"204", "403", "503"}),
        ("post", TOKEN, {"200", "400", "415", "429", "503"}),
        ("post", "/api/auth/jwt/refresh/", {"200", "400", "401", "415", "503"}),
        ("post", "/api/auth/jwt/verify/", {"200", "400", "401", "415", "503"}),
        ("post", "/api/auth/jwt/logout/", {"204", "400", "401", "415", "503"}),
        ("post", "/api/auth/cookie-jwt/login/", {"200", "400", "403", "415", "429", "503"}),
        ("post", "/api/auth/cookie-jwt/refresh/", {"200", "401", "403", "503"}),
        ("post", "/api/auth/cookie-jwt/logout/", {"200", "401", "403", "503"}),
        ("post", "/api/auth/password/", {"204", "400", "401", "403", "415", "429", "503"}),
        ("post", "/api/auth/logout-all/", {"204", "401", "403", "503"}),
        ("get", "/api/lab/me-db/", {"200", "401", "503"}),
        # Reads neither the database nor a store: the stateless authenticator's whole point.
        ("get", "/api/lab/me-stateless/", {"200", "401"}),
        ("post", "/api/lab/deactivate-me/", {"204", "401", "403", "404", "503"}),
        ("post", "/api/lab/reactivate/", {"204", "400", "403", "404", "415", "429", "503"}),
        ("get", "/api/lab/echo/", {"200", "400", "503"}),
        ("get", "/api/notes/{note_id}/", {"200", "401", "404", "503"}),
        ("delete", "/api/notes/{note_id}/", {"204", "401", "403", "404", "503"}),
    ],
)
def test_each_operation_documents_the_statuses_it_answers(method, path, documented):
    responses = fetch_schema()["paths"][path][method]["responses"]
    # Notes may add statuses of their own (Idempotency-Key); none of these may be missing.
    assert documented <= set(responses), sorted(responses)
    if not path.startswith("/api/notes/"):
        assert set(responses) == documented


@pytest.mark.parametrize("path", [TOKEN, LOGIN])
def test_throttled_logins_document_when_to_retry(path):
    throttled = fetch_schema()["paths"][path]["post"]["responses"]["429"]
    assert throttled["headers"]["Retry-After"]["required"] is True
    assert "Too many failed logins" in throttled["description"]


def test_the_schema_refuses_blank_credentials_as_the_api_does(alice):
    schema = fetch_schema()
    for path in (TOKEN, LOGIN):
        fields = request_body(schema, path)["properties"]
        assert fields["username"]["minLength"] == 1
        assert fields["password"]["minLength"] == 1
    response = APIClient().post(TOKEN, {"username": "", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json() == {"username": ["This field may not be blank."]}


def test_the_cookie_policy_enum_is_the_list_this_deployment_allows(settings):
    settings.COOKIE_POLICIES = ["lax", "strict"]
    schema = fetch_schema()
    (query,) = schema["paths"]["/api/auth/session/csrf/"]["get"]["parameters"]
    login_policy = request_body(schema, LOGIN)["properties"]["cookie_policy"]
    assert query["name"] == "cookie_policy"
    assert query["schema"]["enum"] == ["lax", "strict"]
    assert component(schema, login_policy["allOf"][0]["$ref"])["enum"] == ["lax", "strict"]
    assert APIClient().get("/api/auth/session/csrf/?cookie_policy=none").status_code == 400


def refused_as_documented(operation: tuple[str, str], response) -> None:
    """The body of `response` is valid against what the schema documents for its status."""
    method, path = operation
    schema = fetch_schema()
    documented = schema["paths"][path][method]["responses"][str(response.status_code)]
    body_schema = documented["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), component(schema, body_schema["$ref"]))


def test_a_malformed_body_is_the_documented_400():
    response = APIClient().generic("POST", TOKEN, b'{"username":', content_type="application/json")
    assert response.status_code == 400
    refused_as_documented(("post", TOKEN), response)


def test_field_errors_are_the_documented_400():
    response = APIClient().post(TOKEN, {"username": 7}, format="json")
    assert response.status_code == 400
    refused_as_documented(("post", TOKEN), response)


def test_a_body_that_is_not_json_is_the_documented_415():
    response = APIClient().generic("POST", TOKEN, b"username=alice", content_type="text/plain")
    assert response.status_code == 415
    refused_as_documented(("post", TOKEN), response)


def test_missing_credentials_are_the_documented_401():
    response = APIClient().get("/api/auth/me/")
    assert response.status_code == 401
    refused_as_documented(("get", "/api/auth/me/"), response)


def test_a_login_without_the_csrf_token_is_the_documented_403(alice):
    response = browser_client().post(
        LOGIN, {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 403
    refused_as_documented(("post", LOGIN), response)


def test_an_unknown_note_is_the_documented_404(alice):
    response = sign_in("jwt", "alice").get("/api/notes/999/")
    assert response.status_code == 404
    refused_as_documented(("get", "/api/notes/{note_id}/"), response)


def test_a_throttled_login_is_the_documented_429(alice):
    for _ in range(10):
        APIClient().post(TOKEN, {"username": "alice", "password": "wrong"}, format="json")
    response = APIClient().post(TOKEN, {"username": "alice", "password": "wrong"}, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    refused_as_documented(("post", TOKEN), response)


def test_the_schema_names_the_access_cookie_as_a_credential_of_every_protected_operation():
    schema = fetch_schema()
    scheme = schema["components"]["securitySchemes"]["cookieJwtAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "cookie", "jwt_access")
    for path, method in (("/api/auth/me/", "get"), ("/api/notes/", "post")):
        assert {"cookieJwtAuth": []} in schema["paths"][path][method]["security"]


def test_a_cookie_jwt_write_without_the_csrf_token_is_the_documented_403(alice):
    cookie_client = sign_in("cookie-jwt", "alice").client
    response = cookie_client.post("/api/notes/", {"title": "x"}, format="json")
    assert response.status_code == 403
    refused_as_documented(("post", "/api/notes/"), response)


def test_a_missing_refresh_cookie_is_the_documented_401():
    client = browser_client()
    token = client.get("/api/auth/session/csrf/").json()["csrfToken"]
    response = client.post("/api/auth/cookie-jwt/refresh/", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 401
    refused_as_documented(("post", "/api/auth/cookie-jwt/refresh/"), response)
