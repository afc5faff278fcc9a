"""The BFF's CSRF rule, attacked raw: an unsafe request without `X-CSRF: 1` or from another
origin is refused before anything happens, and a CORS preflight gets no permission."""

import uuid

import pytest

from tests.bff.client import BffClient

EVIL = "http://evil.localhost:8666"


def titles(client: BffClient) -> list[str]:
    return [note["title"] for note in client.get("/bff/api/notes/").json()]


@pytest.fixture
def signed_in(bff_web, bff_api) -> BffClient:
    client = BffClient(bff_web.port)
    client.login(bff_api.password)
    return client


@pytest.mark.parametrize(
    ("csrf", "origin", "code"),
    [
        (False, "own", "bff_csrf_header_missing"),
        (True, EVIL, "bff_origin_refused"),
        (True, None, "bff_origin_refused"),
        (True, "null", "bff_origin_refused"),
    ],
    ids=["no-x-csrf", "foreign-origin", "no-origin", "opaque-origin"],
)
def test_an_unsafe_request_without_the_rule_creates_nothing(signed_in, csrf, origin, code):
    title = f"forged {uuid.uuid4().hex[:8]}"
    answer = signed_in.post("/bff/api/notes/", {"title": title}, csrf=csrf, origin=origin)
    assert answer.status == 403
    assert answer.json()["code"] == code
    assert answer.upstream is None  # refused before the API was asked
    assert title not in titles(signed_in)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", "title=pwned-{mark}"),
        ("text/plain", '{{"title": "pwned-{mark}"}}'),
        (
            "multipart/form-data; boundary=b",
            '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\npwned-{mark}\r\n--b--\r\n',
        ),
    ],
    ids=["urlencoded", "text-plain", "multipart"],
)
def test_a_cross_site_form_post_is_refused(signed_in, content_type, body):
    # What a form on another site sends: its own Origin, no custom header; the cookie is
    # sent here although SameSite=Strict would keep a browser from sending it.
    mark = uuid.uuid4().hex[:8]
    answer = signed_in.request(
        "POST", "/bff/api/notes/", body=body.format(mark=mark).encode(),
        headers={"Content-Type": content_type}, csrf=False, origin=EVIL,
    )  # fmt: skip
    assert answer.status == 403
    assert answer.json()["code"] == "bff_csrf_header_missing"
    assert not any(mark in title for title in titles(signed_in))


def test_a_forged_login_sets_no_cookie(bff_web, bff_api):
    client = BffClient(bff_web.port)
    answer = client.request(
        "POST", "/bff/login/", body=f"username=bob&password={bff_api.password}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"}, csrf=False, origin=EVIL,
    )  # fmt: skip
    assert answer.status == 403
    assert answer.all("Set-Cookie") == []


def test_a_forged_logout_leaves_the_session(signed_in):
    assert signed_in.post("/bff/logout/", csrf=False, origin=EVIL).status == 403
    assert signed_in.get("/bff/session/").json()["signed_in"] is True


@pytest.mark.parametrize("where", ["web-client", "api"])
def test_a_cors_preflight_gets_no_permission(bff_web, bff_api, where):
    client = (BffClient(bff_web.port) if where == "web-client"
              else BffClient(bff_api.port, host="api.localhost"))  # fmt: skip
    for path in ("/bff/api/notes/", "/bff/login/"):
        answer = client.request("OPTIONS", path, headers={
            "Origin": EVIL, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-csrf",
        })  # fmt: skip
        assert not 200 <= answer.status < 300
        assert [k for k, _ in answer.headers if k.lower().startswith("access-control-")] == []
