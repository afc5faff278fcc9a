"""The plain-words diagnosis, without a server: relation and reasons."""

import pytest

from backend.lab.echo_diagnosis import (
    AuthenticatorOutcome,
    Evidence,
    diagnose,
    request_relation,
    site_of,
)


@pytest.mark.parametrize(
    ("host", "site"),
    [
        ("app.localhost", "app.localhost"),
        ("api.localhost", "api.localhost"),
        ("app.lab.localhost", "lab.localhost"),
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("www.example.com", "example.com"),
    ],
)
def test_site_of(host, site):
    assert site_of(host) == site


@pytest.mark.parametrize(
    ("origin", "host", "relation"),
    [
        ("http://app.localhost:5173", "api.localhost:8000", "cross-site"),
        ("http://app.lab.localhost:5173", "api.lab.localhost:8000", "same-site"),
        ("http://api.localhost:8000", "api.localhost:8000", "same-origin"),
        ("https://app.lab.localhost", "api.lab.localhost", "cross-site"),  # schemeful
        ("null", "api.localhost:8000", "cross-site"),
        (None, "api.localhost:8000", "unknown"),
    ],
)
def test_relation_from_origin(origin, host, relation):
    assert (
        request_relation(origin=origin, scheme="http", host=host, sec_fetch_site=None) == relation
    )


def test_browser_header_wins_over_computation():
    relation = request_relation(
        origin="http://app.localhost:5173",
        scheme="http",
        host="api.localhost:8000",
        sec_fetch_site="same-site",
    )
    assert relation == "same-site"


def nobody(**kwargs) -> Evidence:
    outcomes = [
        AuthenticatorOutcome("jwt", "not-attempted", "no Authorization header was sent"),
        AuthenticatorOutcome("session", "not-attempted", "no session cookie arrived"),
    ]
    return Evidence(authenticators=outcomes, **kwargs)


@pytest.mark.parametrize(
    ("policy", "phrase"),
    [
        ("lax", "SameSite=Lax cookie is never sent"),
        ("strict", "SameSite=Strict cookie is never sent"),
        ("none", "third-party cookies are blocked"),
        ("partitioned", "Partitioned (CHIPS)"),
    ],
)
def test_cross_site_reasons_name_the_rule(policy, phrase):
    result = diagnose(
        nobody(
            relation="cross-site",
            session_cookie_arrived=False,
            csrf_cookie_arrived=False,
            cookie_policy=policy,
        )
    )
    assert phrase in result["summary"]
    assert any("CSRF cookie did not arrive either" in r for r in result["reasons"])


def test_same_site_missing_cookie_is_not_blamed_on_samesite():
    result = diagnose(
        nobody(
            relation="same-site",
            session_cookie_arrived=False,
            csrf_cookie_arrived=True,
            cookie_policy="strict",
        )
    )
    assert "allows this same-site request" in result["summary"]
    assert not any("CSRF cookie" in r for r in result["reasons"])


def test_failed_bearer_token_comes_first():
    evidence = Evidence(
        relation="cross-site",
        session_cookie_arrived=False,
        csrf_cookie_arrived=False,
        authenticators=[
            AuthenticatorOutcome("jwt", "failed", "the bearer token was refused: expired"),
            AuthenticatorOutcome("session", "not-attempted", "no session cookie arrived"),
        ],
    )
    assert diagnose(evidence)["summary"] == (
        "not authenticated: jwt: the bearer token was refused: expired"
    )


def test_authenticated_summary_names_user_and_authenticator():
    evidence = Evidence(
        relation="cross-site",
        session_cookie_arrived=False,
        csrf_cookie_arrived=False,
        authenticators=[AuthenticatorOutcome("jwt", "authenticated", "valid", "alice")],
    )
    assert diagnose(evidence)["summary"] == "authenticated as alice by the jwt authenticator"
