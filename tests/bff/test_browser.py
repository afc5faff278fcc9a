"""In a real Chromium: a page signs in through its own BFF with `fetch`, the API answers it,
and no token ever reaches the page (response bodies and headers, storage, document.cookie);
a page on another site cannot make the BFF act."""

import uuid

import pytest

from tests.bff.client import COOKIE, JWT_PATTERN
from tests.browser.chromium import launch_blocking_third_party
from tests.browser.other_site import serve_other_site

pytestmark = pytest.mark.browser

SIGN_IN_AND_ASK = """async (password) => {
  const post = (path, body) => fetch(path, {
    method: "POST",
    headers: {"Content-Type": "application/json", "X-CSRF": "1"},
    body: JSON.stringify(body),
  });
  const login = await post("/bff/login/", {username: "alice", password});
  const signedIn = await login.json();
  const me = await fetch("/bff/api/auth/me/");
  return {login: login.status, signedIn, me: await me.json()};
}"""
WHAT_SCRIPT_SEES = """() => JSON.stringify({
  local: {...localStorage}, session: {...sessionStorage}, cookie: document.cookie,
})"""
# What a page on another site tries: a fetch with the header (needs a preflight) and a form.
CROSS_SITE_FETCH = """async ([url, title]) => {
  try {
    await fetch(url, {method: "POST", credentials: "include", body: JSON.stringify({title}),
                      headers: {"Content-Type": "application/json", "X-CSRF": "1"}});
    return "sent";
  } catch (error) { return "blocked"; }
}"""
CROSS_SITE_FORM = """([url, title]) => {
  const form = Object.assign(document.createElement("form"), {method: "POST", action: url});
  form.append(Object.assign(document.createElement("input"), {name: "title", value: title}));
  document.body.append(form);
  form.submit();
}"""
# Scripts and styles are the page's own files, not answers about a sign-in.
ASSET_TYPES = ("javascript", "text/css")


@pytest.fixture(scope="module")
def chromium(playwright):
    """Third-party cookies blocked, popups allowed (the suite's shared Playwright)."""
    browser = launch_blocking_third_party(playwright)
    yield browser
    browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, bff_web, bff_api) -> dict:
    page.goto(f"http://app.localhost:{bff_web.port}/")
    return page.evaluate(SIGN_IN_AND_ASK, bff_api.password)


def test_a_page_signs_in_through_its_bff_and_never_holds_a_token(page, bff_web, bff_api):
    responses = []
    page.on("response", lambda response: responses.append(response))
    result = sign_in(page, bff_web, bff_api)
    assert result["login"] == 200 and result["signedIn"]["auth"] == "bff"
    assert (result["me"]["username"], result["me"]["auth"]) == ("alice", "jwt")

    seen = []
    for response in responses:
        headers = response.all_headers()
        seen.append(str(headers))
        if not any(kind in headers.get("content-type", "") for kind in ASSET_TYPES):
            seen.append(response.body().decode("utf-8", "replace"))
    assert any("/bff/login/" in response.url for response in responses)
    assert JWT_PATTERN.findall("\n".join(seen)) == []
    script_view = page.evaluate(WHAT_SCRIPT_SEES)
    assert JWT_PATTERN.findall(script_view) == []
    assert COOKIE not in script_view  # HttpOnly: script cannot read it

    (cookie,) = [c for c in page.context.cookies() if c["name"] == COOKIE]
    assert (cookie["domain"], cookie["path"]) == ("app.localhost", "/bff/")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"


def test_a_page_on_another_site_cannot_make_the_bff_act(page, bff_web, bff_api):
    assert sign_in(page, bff_web, bff_api)["login"] == 200
    notes = f"http://app.localhost:{bff_web.port}/bff/api/notes/"
    title = f"cross-site {uuid.uuid4().hex[:8]}"
    with serve_other_site() as other_site:
        page.goto(other_site.url("/"))
        # The header makes the fetch need a preflight, which the BFF refuses: never sent.
        assert page.evaluate(CROSS_SITE_FETCH, [notes, title]) == "blocked"
        with page.expect_navigation():
            page.evaluate(CROSS_SITE_FORM, [notes, title])
        assert page.locator("body").inner_text().count("bff_csrf_header_missing") == 1
    page.goto(f"http://app.localhost:{bff_web.port}/")
    listed = page.evaluate("() => fetch('/bff/api/notes/').then((r) => r.json())")
    assert title not in [note["title"] for note in listed]
    log = bff_web.log_path.read_text()
    assert "OPTIONS /bff/api/notes/" in log
