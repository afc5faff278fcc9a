"""The third-party-cookie probe: its own cookie, on its own path, with the attributes the page
asked for, and an honest answer about whether the page's probe came back."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.api.conftest import TRUSTED_ORIGIN

PROBE = "/api/lab/cookie-probe/"
CROSS_SITE = {"HTTP_ORIGIN": TRUSTED_ORIGIN, "HTTP_SEC_FETCH_SITE": "cross-site"}


def set_cookie_line(response, name: str) -> str:
    """The Set-Cookie header exactly as the server writes it for `name`."""
    assert name in response.cookies, f"no Set-Cookie for {name}: {list(response.cookies)}"
    return response.cookies[name].output(header="Set-Cookie:")


def attributes(line: str) -> set[str]:
    return {part.strip().lower() for part in line.split(";")[1:]}


def test_secure_variant_sets_a_samesite_none_secure_cookie_limited_to_the_probe_path():
    response = APIClient().get(f"{PROBE}?variant=none-secure&nonce=run42", **CROSS_SITE)
    assert response.status_code == 200
    line = set_cookie_line(response, "lab_probe_none_secure")
    assert line.startswith("Set-Cookie: lab_probe_none_secure=run42;")
    assert {"samesite=none", "secure", "httponly", f"path={PROBE}", "max-age=300"} <= attributes(
        line
    )
    assert (
        response.json()["attributes"]
        == f"SameSite=None; Secure; HttpOnly; Path={PROBE}; Max-Age=300"
    )


def test_plain_variant_for_webkit_over_http_has_samesite_none_and_no_secure():
    response = APIClient().get(f"{PROBE}?variant=none&nonce=run42", **CROSS_SITE)
    line = set_cookie_line(response, "lab_probe_none")
    assert "samesite=none" in attributes(line)
    assert "secure" not in attributes(line)
    assert f"path={PROBE}" in attributes(line)


def test_the_probe_never_sets_or_touches_the_cells_cookies():
    response = APIClient().get(f"{PROBE}?variant=none-secure&nonce=a", **CROSS_SITE)
    assert set(response.cookies) == {"lab_probe_none_secure"}
    assert settings.CSRF_COOKIE_NAME not in response.cookies
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_first_call_says_nothing_arrived_and_the_read_back_says_the_probe_came_back():
    client = APIClient()  # keeps cookies like a browser that allows them
    first = client.get(f"{PROBE}?variant=none-secure&nonce=run7", **CROSS_SITE).json()
    assert first["arrived"] is False
    assert first["received"] == []
    second = client.get(f"{PROBE}?variant=none-secure&nonce=run7", **CROSS_SITE).json()
    assert second["arrived"] is True
    assert second["received"] == ["lab_probe_none_secure"]


def test_an_old_probe_with_another_nonce_does_not_count_as_this_runs():
    client = APIClient()
    client.cookies["lab_probe_none_secure"] = "lastrun"
    body = client.get(f"{PROBE}?variant=none-secure&nonce=thisrun", **CROSS_SITE).json()
    assert body["arrived"] is False
    # Named as present, never echoed by value.
    assert body["received"] == ["lab_probe_none_secure"]
    assert "lastrun" not in str(body)


def test_other_cookies_are_not_listed():
    client = APIClient()
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    client.cookies["sessionid"] = "abc"
    body = client.get(f"{PROBE}?variant=none&nonce=n1", **CROSS_SITE).json()
    assert body["received"] == []


def test_the_cross_site_page_may_read_the_answer_with_credentials():
    response = APIClient().get(f"{PROBE}?variant=none-secure&nonce=n1", **CROSS_SITE)
    assert response["Access-Control-Allow-Origin"] == TRUSTED_ORIGIN
    assert response["Access-Control-Allow-Credentials"] == "true"


def test_an_origin_outside_the_allowlist_gets_no_cors_grant():
    response = APIClient().get(
        f"{PROBE}?variant=none-secure&nonce=n1", HTTP_ORIGIN="http://evil.localhost:5173"
    )
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?variant=none-secure",
        "?nonce=abc",
        "?variant=lax&nonce=abc",
        "?variant=none&nonce=",
        "?variant=none&nonce=has%20space",
        "?variant=none&nonce=semi;colon",
        f"?variant=none&nonce={'a' * 33}",
    ],
)
def test_bad_input_is_a_400_with_json_and_sets_no_cookie(query):
    response = APIClient().get(f"{PROBE}{query}", **CROSS_SITE)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert not response.cookies
