"""Over https every cookie the API sets is Secure and prefixed, under every policy: the session
and CSRF cookies `__Host-` (Path=/, no Domain), the JWT cookies `__Secure-` (their own Paths);
and the API never sends HSTS for the lab's localhost names."""

import pytest

from backend.authentication.cookie_names import PLAIN, PREFIXED
from tests.https.client import attributes

POLICIES = ["lax", "strict", "none", "partitioned"]
SAMESITE = {"lax": "Lax", "strict": "Strict", "none": "None", "partitioned": "None"}


def csrf_token(api, policy: str) -> str:
    answer = api.get(f"/api/auth/session/csrf/?cookie_policy={policy}")
    assert answer.status == 200
    return answer.json()["csrfToken"]


def sign_in(api, page_origin: str, kind: str, policy: str):
    token = csrf_token(api, policy)
    return api.post(
        f"/api/auth/{kind}/login/",
        {"username": "alice", "password": "lab-demo-password", "cookie_policy": policy},
        headers={"X-CSRFToken": token, "Origin": page_origin},
    )


def assert_host_prefixed(line: str, policy: str) -> dict[str, str]:
    """What a browser demands of a `__Host-` cookie, and the policy's own attributes."""
    attrs = attributes(line)
    assert "secure" in attrs
    assert attrs["path"] == "/"
    assert "domain" not in attrs
    assert attrs["samesite"] == SAMESITE[policy]
    assert ("partitioned" in attrs) == (policy == "partitioned")
    return attrs


@pytest.mark.parametrize("policy", POLICIES)
def test_the_csrf_cookie_is_host_prefixed_and_secure(api, policy):
    answer = api.get(f"/api/auth/session/csrf/?cookie_policy={policy}")
    assert [line.split("=", 1)[0] for line in answer.set_cookie_lines()] == [PREFIXED.csrf]
    assert_host_prefixed(answer.set_cookie(PREFIXED.csrf), policy)


@pytest.mark.parametrize("policy", POLICIES)
def test_a_session_sign_in_sets_host_prefixed_secure_cookies(api, page_origin, policy):
    answer = sign_in(api, page_origin, "session", policy)
    assert answer.status == 200, answer.body
    session = assert_host_prefixed(answer.set_cookie(PREFIXED.session), policy)
    assert "httponly" in session
    assert_host_prefixed(answer.set_cookie(PREFIXED.csrf), policy)
    # The cookies the API sets over https never carry the plain names.
    names = {line.split("=", 1)[0] for line in answer.set_cookie_lines()}
    assert names.isdisjoint({PLAIN.session, PLAIN.csrf})
    # And they authenticate: /me by the session cookie.
    me = api.get("/api/auth/me/")
    assert me.status == 200
    assert (me.json()["username"], me.json()["auth"]) == ("alice", "session")


@pytest.mark.parametrize("policy", POLICIES)
def test_a_cookie_jwt_sign_in_sets_secure_prefixed_cookies_on_their_paths(api, page_origin, policy):
    answer = sign_in(api, page_origin, "cookie-jwt", policy)
    assert answer.status == 200, answer.body
    for name, path in ((PREFIXED.jwt_access, "/api/"),
                       (PREFIXED.jwt_refresh, "/api/auth/cookie-jwt/")):  # fmt: skip
        attrs = attributes(answer.set_cookie(name))
        assert "secure" in attrs and "httponly" in attrs, name
        assert attrs["path"] == path
        assert "domain" not in attrs
        assert attrs["samesite"] == SAMESITE[policy]
    me = api.get("/api/auth/me/")
    assert (me.json()["username"], me.json()["auth"]) == ("alice", "cookie-jwt")


def test_signing_out_deletes_the_prefixed_cookies_with_secure_deletions(api, page_origin):
    """A browser ignores a `__Host-`/`__Secure-` Set-Cookie without Secure, deletions too."""
    sign_in(api, page_origin, "session", "partitioned")
    token = csrf_token(api, "partitioned")
    answer = api.post("/api/auth/session/logout/", headers={"X-CSRFToken": token,
                                                           "Origin": page_origin})  # fmt: skip
    assert answer.status in (200, 204), answer.body
    for name in (PREFIXED.session, PREFIXED.csrf):
        attrs = assert_host_prefixed(answer.set_cookie(name), "partitioned")
        assert attrs["max-age"] == "0"
    assert api.get("/api/auth/me/").status in (401, 403)


def test_no_answer_pins_the_localhost_names_to_https(api, page_origin):
    """HSTS off: it would hold every port of api.localhost to https in the user's browser."""
    answers = [api.get("/api/health/"), api.get("/api/auth/session/csrf/"),
               sign_in(api, page_origin, "session", "lax"), api.get("/app/")]  # fmt: skip
    assert [answer.header("Strict-Transport-Security") for answer in answers] == [None] * 4
