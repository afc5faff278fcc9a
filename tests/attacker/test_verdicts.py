"""verdicts.py judges from the API's record; a request that got through is named, not hidden."""

from infra.attacker_site.attacks import BY_ID
from infra.attacker_site.verdicts import CORS, ORIGIN, SAMESITE, csrf_verdict


def attempt(**fields):
    base = {
        "method": "POST", "host": "api.localhost:8000", "path": "/api/notes/",
        "origin": "http://attacker.localhost:5174", "sec_fetch_site": "cross-site",
        "content_type": "text/plain", "cookies": [], "authorization_scheme": None,
        "status": 401, "detail": "Authentication credentials were not provided.", "code": None,
        "authenticated_as": None, "cors_allowed_origin": None,
    }  # fmt: skip
    return {**base, **fields}


def test_a_write_that_got_through_is_a_worked_verdict():
    got_through = attempt(cookies=["sessionid"], status=201, detail=None, authenticated_as="alice")
    verdict = csrf_verdict(BY_ID["csrf-fetch"], [got_through], mode="session", policy="none")
    assert verdict["outcome"] == "worked"
    assert verdict["stopped_by"] == []
    assert "alice" in verdict["why"]


def test_an_origin_refusal_with_the_cookie_explains_the_defence_off_case():
    refused = attempt(cookies=["csrftoken", "sessionid"], status=403,
                      detail="CSRF Failed: Origin checking failed - http://attacker.localhost:5174 "
                      "does not match any trusted origins.")  # fmt: skip
    verdict = csrf_verdict(BY_ID["csrf-form-top"], [refused], mode="session", policy="none")
    assert verdict["stopped_by"] == [ORIGIN]
    assert "sessionid arrived" in verdict["defences_off"]


def test_no_cookie_under_a_stated_lax_policy_names_samesite():
    verdict = csrf_verdict(BY_ID["csrf-form"], [attempt()], mode="session", policy="lax")
    assert verdict["stopped_by"] == [SAMESITE]
    assert "nobody to act as" in verdict["defences_off"]


def test_a_refused_preflight_is_cors():
    preflight = attempt(method="OPTIONS", status=200, detail=None)
    verdict = csrf_verdict(BY_ID["bearer-fetch"], [preflight], mode="jwt")
    assert verdict["stopped_by"] == [CORS]
