"""Signing in with the JWT in a cookie and through the BFF, as a person would: the page says
the cookie JWT needs the CSRF token, and the inspector shows both hops of a BFF call."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.token_watch import NO_TOKENS, script_visible_cookies, tokens_visible_to_script

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
JWT_COOKIES = {"jwt_access", "jwt_refresh"}


def credential_cookies(context, names: set[str]) -> dict[str, dict]:
    return {cookie["name"]: cookie for cookie in context.cookies() if cookie["name"] in names}


def fact(entry, term: str):
    """The value beside `term` in an inspector entry (the first such fact)."""
    return entry.locator(f"dt:text-is('{term}') + dd").first


def screenshot_panels(page, name: str) -> None:
    """The sign-in column and the inspector side by side, for the README: from the whole page,
    where the sticky inspector sits level with the sign-in panel."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # page coordinates = viewport coordinates
    box = page.locator(".layout").bounding_box()
    page.screenshot(path=ARTIFACTS / name, full_page=True, clip=box)


def test_cookie_jwt_sign_in_notes_refresh_and_sign_out(lab_page, lab, context, csp_violations):
    page = lab_page.page
    lab_page.open(lab.same_site)
    lab_page.choose_mode("cookie-jwt")
    # The page says why this JWT needs what a session needs.
    note = page.locator("#cookie-jwt-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Needs the CSRF token, like a session.")
    expect(page.locator("#cookie-policy")).to_be_visible()
    expect(page.locator("#token-storage")).to_be_hidden()

    lab_page.sign_in(mode="cookie-jwt", cookie_policy="lax")
    expect(lab_page.status).to_contain_text("Signed in as alice (cookie-jwt)")
    login = lab_page.exchange("Cookie JWT login")
    expect(fact(login, "X-CSRFToken")).not_to_have_text("not sent")
    expect(fact(login, "Authorization")).to_have_text("not sent")
    expect(fact(login, "Cookies")).to_contain_text('included (credentials: "include")')
    # The tokens ride HttpOnly cookies: neither the answer nor a script can read them.
    expect(login.locator("details pre")).not_to_contain_text("eyJ")
    first = credential_cookies(context, JWT_COOKIES)
    assert set(first) == JWT_COOKIES
    assert all(cookie["httpOnly"] and cookie["sameSite"] == "Lax" for cookie in first.values())
    assert not script_visible_cookies(page) & JWT_COOKIES

    lab_page.add_note("Cookie JWT groceries", "rice")
    expect(lab_page.note_titles().filter(has_text="Cookie JWT groceries")).to_have_count(1)
    create = lab_page.exchange("Create note")
    expect(fact(create, "X-CSRFToken")).not_to_have_text("not sent")
    lab_page.delete_note("Cookie JWT groceries")
    expect(lab_page.note_titles().filter(has_text="Cookie JWT groceries")).to_have_count(0)

    note.get_by_role("button", name="Refresh now").click()
    expect(lab_page.exchange("Refresh the cookie JWT")).to_contain_text("200")
    rotated = credential_cookies(context, JWT_COOKIES)
    assert rotated["jwt_refresh"]["value"] != first["jwt_refresh"]["value"]
    lab_page.page.click("button[data-action=me]")
    expect(lab_page.status).to_contain_text("Signed in as alice (cookie-jwt)")
    screenshot_panels(page, "cookie-jwt-mode.png")

    lab_page.sign_out()
    expect(lab_page.status).to_have_text("Signed out.")
    assert credential_cookies(context, JWT_COOKIES) == {}
    lab_page.page.click("button[data-action=me]")
    expect(lab_page.status).to_have_text("Not signed in.")
    assert csp_violations == []


def test_bff_sign_in_shows_both_hops_and_no_token_reaches_the_page(
    lab_page, lab, context, csp_violations
):
    page = lab_page.page
    lab_page.open(lab.cross_site)
    lab_page.sign_in(mode="bff")
    expect(page.locator("#bff-note")).to_be_visible()
    expect(page.locator("#cookie-policy")).to_be_hidden()
    expect(lab_page.status).to_contain_text("Signed in as alice through the BFF")

    me = lab_page.exchange("Who am I?")
    browser_hop = me.locator("[data-hop=browser-bff]")
    api_hop = me.locator("[data-hop=bff-api]")
    expect(browser_hop).to_contain_text(f"GET {lab.cross_site}bff/api/auth/me/")
    expect(fact(browser_hop, "Authorization")).to_contain_text("not sent")
    api_me = f"GET http://api.localhost:{lab.api_port}/api/auth/me/"
    expect(api_hop.locator(".request-line")).to_have_text(api_me)
    expect(fact(api_hop, "Authorization")).to_have_text("Bearer (held by the BFF)")
    expect(fact(api_hop, "API answered")).to_have_text(re.compile(r"^200 in [\d.]+ ms$"))
    expect(me.locator(".diagnosis")).to_contain_text("API saw, behind the BFF")

    lab_page.add_note("BFF groceries", "tea")
    expect(lab_page.note_titles().filter(has_text="BFF groceries")).to_have_count(1)
    create = lab_page.exchange("Create note")
    expect(fact(create.locator("[data-hop=browser-bff]"), "X-CSRF")).to_have_text("1")
    expect(create.locator("[data-hop=bff-api] .request-line")).to_contain_text("POST ")
    screenshot_panels(page, "bff-inspector.png")
    lab_page.delete_note("BFF groceries")
    expect(lab_page.note_titles().filter(has_text="BFF groceries")).to_have_count(0)

    # The browser holds one first-party cookie no script can read, and never a token.
    bff_cookie = credential_cookies(context, {"lab_bff"})["lab_bff"]
    assert bff_cookie["httpOnly"] and bff_cookie["sameSite"] == "Strict"
    assert script_visible_cookies(page) & {"lab_bff"} == set()
    assert tokens_visible_to_script(page) == NO_TOKENS
    bodies = page.locator("#inspector .exchange details pre").all_text_contents()
    assert bodies and not any("eyJ" in body for body in bodies)

    # A reload asks the BFF whether this browser is still signed in.
    lab_page.reload()
    expect(lab_page.status).to_contain_text("Signed in as alice through the BFF")
    lab_page.sign_out()
    expect(lab_page.status).to_have_text("Signed out.")
    page.click("button[data-action=me]")
    expect(lab_page.status).to_have_text("Not signed in.")
    assert csp_violations == []
