"""Links and pages that try to run the matrix for someone: nothing runs, nobody is signed out.

The old walk carried its plan (user and password included) in the URL fragment and ran on
arrival, so a crafted link logged the victim out and ran with the attacker's account. Each test
signs the victim in first, sends the attack the way an attacker would (a link in a new tab, a
page on another site opening a lab window), then asks the API itself whether the victim's
session still works.
"""

import base64
import json
from urllib.parse import urlencode

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.lab_page import HELPER_PARAM, LabPage
from tests.browser.url_log import carries_secret

pytestmark = pytest.mark.browser


def sign_in_victim(lab_page, lab) -> str:
    """alice signs in with a session cookie on the same-site page; returns her sessionid."""
    lab_page.open(lab.same_site)
    lab_page.sign_in(mode="session", cookie_policy="lax")
    expect(lab_page.status).to_contain_text("Signed in as alice (session)")
    cookies = lab_page.page.context.cookies()
    return next(cookie["value"] for cookie in cookies if cookie["name"] == "sessionid")


def session_user(lab, sessionid: str) -> str | None:
    """Who the API says the session belongs to, asked directly (not through the browser)."""
    response = requests.get(
        f"{lab.api}/api/auth/me/",
        headers={"Host": f"api.lab.localhost:{lab.api_port}"},
        cookies={"sessionid": sessionid},
        timeout=5,
    )
    return response.json()["username"] if response.ok else None


def api_writes(context, lab) -> list[str]:
    """Every request other than GET that the context sends to the API from now on."""
    writes = []
    api_port = f":{lab.api_port}/api/"

    def on_request(request):
        if api_port in request.url and request.method != "GET":
            writes.append(f"{request.method} {request.url}")

    context.on("request", on_request)
    return writes


def old_run_link(page_url: str, *, username: str, password: str) -> str:
    """A link in the old walk's format, with a plan naming the attacker's account."""
    plan = {"start": "same-site", "order": ["same-site"], "username": username,
            "password": password}  # fmt: skip
    return f"{page_url}#matrix-run=evil&plan={_base64url(plan)}&results={_base64url([])}"


def _base64url(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_a_crafted_run_link_runs_nothing_and_signs_nobody_out(page, context, lab):
    sessionid = sign_in_victim(LabPage(page, lab), lab)
    crafted = old_run_link(lab.same_site, username="bob", password=lab.password)
    assert carries_secret(crafted, lab.password), "the detector sees the old walk's leak"
    writes = api_writes(context, lab)

    # The victim follows the link in a new tab.
    tab = LabPage(context.new_page(), lab).open(crafted)

    expect(tab.matrix_status).to_contain_text("A link cannot start a run: nothing ran")
    assert tab.page.evaluate("location.href") == lab.same_site, "the plan left the address bar"
    expect(tab.status).to_contain_text("Signed in as alice (session)")
    assert tab.page.locator("#matrix-panel").get_attribute("data-state") is None
    assert writes == []
    assert session_user(lab, sessionid) == "alice"


def test_a_matrix_window_address_opened_by_hand_runs_nothing(page, context, lab):
    sessionid = sign_in_victim(LabPage(page, lab), lab)
    writes = api_writes(context, lab)

    tab = LabPage(context.new_page(), lab).open(f"{lab.same_site}?{HELPER_PARAM}=cross-site")

    expect(tab.matrix_status).to_contain_text("no lab page opened this one")
    expect(tab.page.locator("button[data-action=run-matrix]")).to_be_disabled()
    assert writes == []
    assert session_user(lab, sessionid) == "alice"


def test_a_page_on_another_site_cannot_hand_a_run_to_a_matrix_window(
    page, context, lab, other_site
):
    sessionid = sign_in_victim(LabPage(page, lab), lab)
    writes = api_writes(context, lab)
    target = f"{lab.same_site}?{HELPER_PARAM}=cross-site"
    page.goto(
        other_site.url("/opener.html?" + urlencode({"target": target, "password": lab.password}))
    )

    with page.expect_popup() as opened:
        page.click("#open")
    window = LabPage(opened.value, lab)
    window.page.wait_for_selector("body[data-ready=true]")
    expect(window.page.locator("#matrix-panel")).to_have_attribute("data-state", "waiting")
    page.click("#send")  # a well-formed run with bob's credentials, posted to any origin

    expect(window.matrix_status).to_contain_text(
        f"Ignored a matrix request from {other_site.url('').rstrip('/')}"
    )
    expect(window.page.locator("#matrix-panel")).to_have_attribute("data-state", "waiting")
    expect(window.page.locator("button[data-action=run-matrix]")).to_be_disabled()
    assert writes == []
    assert session_user(lab, sessionid) == "alice"


def test_a_page_on_another_site_gets_no_handle_on_a_lab_page_it_opens(page, lab, other_site):
    page.goto(other_site.url("/opener.html?" + urlencode({"target": lab.cross_site})))
    with page.expect_popup() as opened:
        page.click("#open")
    opened.value.wait_for_selector("body[data-ready=true]")
    assert page.evaluate("targetHandle()") == "severed"
