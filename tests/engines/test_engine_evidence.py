"""The engines' own account of the cookie cells, where the engine exposes one: Chromium's CDP
reasons, Firefox's cookie jars over BiDi, and what WebKit's WebDriver shows of its jar. The
runs are the same ones test_engine_matrix.py asserts (one per engine, setting and scheme)."""

from urllib.parse import urlsplit

import pytest

from backend.authentication.cookie_names import cookie_names
from infra.matrix import firefox
from infra.matrix.settings import FIREFOX_COOKIE_BEHAVIOR, FIREFOX_REJECT_FOREIGN
from tests.engines.runs import schemes_of
from web_client.site_config import HTTPS

pytestmark = pytest.mark.browser

API_COOKIE_MODES = ("session", "cookie-jwt")
PARTITION = "partition of the page's site"
UNPARTITIONED = "unpartitioned"


def csrf_evidence(result: dict, topology: str, policy: str, mode: str = "session") -> dict:
    return result["harness"]["evidence"]["cells"][f"{topology}/{policy}/{mode}"]


def csrf_name(scheme: str) -> str:
    return cookie_names(https=scheme == HTTPS).csrf


def fingerprints(jar: dict) -> set[str]:
    return {cookie["fingerprint"] for cookie in jar["cookies"]}


@pytest.mark.parametrize("scheme", schemes_of("firefox", "default"))
def test_firefox_default_keeps_the_cross_site_cookie_in_the_page_sites_partition(
    scheme, matrix, plan, engine_lab
):
    """Total Cookie Protection: the cross-site SameSite=None CSRF cookie is stored, in a jar
    keyed by the page's site, and that is the cookie the login carries, not the API's own."""
    result = matrix("firefox", "default", scheme)
    options = result["harness"]["options"]
    build = firefox.build_default(FIREFOX_COOKIE_BEHAVIOR)
    assert options["prefs"][FIREFOX_COOKIE_BEHAVIOR] == build
    assert options["buildDefaults"][FIREFOX_COOKIE_BEHAVIOR] == build
    evidence = result["harness"]["evidence"]["cells"]
    assert set(evidence) == {f"{t}/{p}/{m}" for t, p, m in plan if m in API_COOKIE_MODES}

    page_origin = engine_lab(scheme).page_url.rstrip("/")
    for mode in API_COOKIE_MODES:
        seen = csrf_evidence(result, "cross-site", "none", mode)
        partition = seen["csrfCookie"]["inPagePartition"]
        assert partition["partitionKey"]["sourceOrigin"] == page_origin
        assert [c["sameSite"] for c in partition["cookies"]] == ["none"]
        sent = {c["fingerprint"] for c in seen["sentWithLogin"] if c["name"] == csrf_name(scheme)}
        assert sent and sent <= fingerprints(partition)
        assert not sent & fingerprints(seen["csrfCookie"]["inApiJar"])
        # SameSite=Lax from a cross-site fetch: refused, in every jar the page could use.
        lax = csrf_evidence(result, "cross-site", "lax", mode)
        assert lax["csrfCookie"]["inPagePartition"]["cookies"] == []
        assert not [c for c in lax["sentWithLogin"] if c["name"] == csrf_name(scheme)]


@pytest.mark.parametrize("scheme", schemes_of("firefox", "default"))
def test_firefox_default_partitions_exactly_the_third_party_and_the_chips_cookies(scheme, matrix):
    """Which jar each login's CSRF cookie came from: cross-site, SameSite=None goes into the
    page site's partition (TCP); a Partitioned cookie does everywhere (CHIPS keys it by the
    top-level site even first-party); every other first-party cookie stays unpartitioned."""
    result = matrix("firefox", "default", scheme)

    for key, seen in result["harness"]["evidence"]["cells"].items():
        topology, policy, _ = key.split("/")
        if topology == "cross-site" and policy in ("lax", "strict"):
            assert seen["carriedFrom"] == [], key  # refused, nothing to carry
        elif topology == "cross-site" or policy == "partitioned":
            assert seen["carriedFrom"] == [PARTITION], key
        else:
            assert seen["carriedFrom"] == [UNPARTITIONED], key


@pytest.mark.parametrize("scheme", schemes_of("firefox", "strict"))
def test_firefox_strict_refuses_the_cross_site_cookie_outright(scheme, matrix):
    """cookieBehavior=1: no cross-site cookie is kept, not even in a partition."""
    result = matrix("firefox", "strict", scheme)
    options = result["harness"]["options"]
    assert options["prefs"][FIREFOX_COOKIE_BEHAVIOR] == FIREFOX_REJECT_FOREIGN
    # Firefox ran with it: the profile it saved at shutdown holds the value.
    assert options["savedInProfile"][FIREFOX_COOKIE_BEHAVIOR] == FIREFOX_REJECT_FOREIGN
    assert "cookieBehavior = 1" in result["harness"]["why"]
    for policy in ("none", "partitioned"):
        for mode in API_COOKIE_MODES:
            seen = csrf_evidence(result, "cross-site", policy, mode)
            assert seen["csrfCookie"]["inPagePartition"]["cookies"] == []
            assert seen["carriedFrom"] == []


@pytest.mark.parametrize("scheme", schemes_of("chromium", "blocked"))
def test_chromium_blocked_names_its_reason_and_keeps_chips(scheme, matrix):
    """This Chromium refuses the cross-site SameSite=None CSRF cookie for the user's setting,
    and the Partitioned one rides the login from the page site's jar."""
    result = matrix("chromium", "blocked", scheme)
    for mode in API_COOKIE_MODES:
        none = csrf_evidence(result, "cross-site", "none", mode)
        assert "UserPreferences" in none["csrfCookieRefusedFor"]
        partitioned = csrf_evidence(result, "cross-site", "partitioned", mode)
        assert partitioned["csrfCookieRefusedFor"] == []
        carried = [c for c in partitioned["csrfCookieAtLogin"] if not c["leftOutFor"]]
        assert [c["partitionKey"]["topLevelSite"] for c in carried] == [f"{scheme}://app.localhost"]


def cookies_left(result: dict) -> dict[str, list[dict]]:
    """{API host: the cookies WebKit still held for it after the run}."""
    left = result["harness"]["evidence"]["cookiesLeft"]
    assert all(isinstance(cookies, list) for cookies in left.values()), left
    return {urlsplit(origin).hostname: cookies for origin, cookies in left.items()}


@pytest.mark.parametrize("scheme", schemes_of("webkit", "default"))
def test_webkit_default_holds_no_api_cookie_after_the_run(scheme, matrix):
    """no-third-party refuses the cross-site and same-site cookies when they are set, and every
    first-party cell's logout deleted its own: the jar is empty for both API hosts. (A cookie
    left behind would ride a later cross-site cell: WebKit checks the policy only when a cookie
    is set, never when it is sent.)"""
    left = cookies_left(matrix("webkit", "default", scheme))

    assert left == {"api.localhost": [], "api.lab.localhost": []}


@pytest.mark.parametrize("scheme", schemes_of("webkit", "always"))
def test_webkit_always_keeps_a_cross_site_samesite_cookie_it_never_sends(scheme, matrix):
    """Under always, libsoup stores a SameSite=Lax/Strict cookie from a cross-site fetch (it
    checks SameSite only when sending) and then never sends it cross-site: the cross-site
    page's logout, refused for want of that CSRF cookie, cannot delete it. The start page's
    (cross-site) cells run last, so its last CSRF cookie is what stays, on api.localhost only."""
    left = cookies_left(matrix("webkit", "always", scheme))

    kept = left["api.localhost"]
    assert [c["name"] for c in kept] == [csrf_name(scheme)], kept
    assert kept[0]["sameSite"] in ("Lax", "Strict"), kept
    assert left["api.lab.localhost"] == []
