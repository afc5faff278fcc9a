"""Health, replica naming, OpenAPI schema and the docs UI with local assets."""

import re

import pytest
from django.conf import settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_health_names_the_replica():
    response = APIClient().get("/api/health/")
    assert response.json() == {"status": "ok", "replica": settings.REPLICA_NAME}
    assert response["X-Replica"] == settings.REPLICA_NAME


def test_every_response_names_the_replica_even_errors():
    assert APIClient().get("/api/auth/me/")["X-Replica"] == settings.REPLICA_NAME
    assert APIClient().get("/api/nowhere/")["X-Replica"] == settings.REPLICA_NAME


def test_schema_documents_the_contract():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/auth/session/login/", "/api/auth/jwt/refresh/", "/api/notes/{note_id}/"):
        assert path in text


def test_docs_ui_loads_its_assets_locally():
    client = APIClient()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert assets, html[:500]
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert b"".join(client.get(asset).streaming_content)


def test_bench_baseline_has_the_shape_of_me_without_auth():
    response = APIClient().get("/api/lab/bench/noauth/")
    assert response.status_code == 200
    assert set(response.json()) == {"id", "username", "auth", "replica"}
    assert response.json()["auth"] == "none"
