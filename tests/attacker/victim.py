"""The victim: signed in to the lab in the same browser, by the lab page's own origin.

Session, cookie-JWT and BFF sign-ins are the contract's requests sent by the lab page itself
(page.evaluate runs them on its origin, under its CSP); the bearer sign-in goes through the
lab's own UI, so its tokens sit where the lab keeps them. Every read-back uses the victim's
own credential.
"""

import json
import time

from playwright.sync_api import Page

from infra.attacker_site.site_config import Settings
from web_client.site_config import SAME_ORIGIN

SIGN_IN = """async ([mode, api, policy, password]) => {
  const json = { "Content-Type": "application/json" };
  if (mode === "bff") {
    const answer = await fetch("/bff/login/", { method: "POST", credentials: "include",
      headers: { ...json, "X-CSRF": "1" }, body: JSON.stringify({ username: "alice", password }) });
    return [answer.status, await answer.text()];
  }
  const csrf = await fetch(`${api}/api/auth/session/csrf/?cookie_policy=${policy}`,
    { credentials: "include" }).then((a) => a.json());
  const path = mode === "session" ? "session" : "cookie-jwt";
  const answer = await fetch(`${api}/api/auth/${path}/login/`, { method: "POST",
    credentials: "include", headers: { ...json, "X-CSRFToken": csrf.csrfToken },
    body: JSON.stringify({ username: "alice", password, cookie_policy: policy }) });
  return [answer.status, await answer.text()];
}"""

READ_BACK = """async ([mode, url]) => {
  const headers = {};
  const pair = JSON.parse(localStorage.getItem("lab.jwt"));
  if (mode === "jwt") headers.Authorization = `Bearer ${pair.access}`;
  const me = await fetch(url.me, { credentials: "include", headers });
  const notes = await fetch(url.notes, { credentials: "include", headers });
  return { me: me.ok ? (await me.json()).username : me.status,
           notes: notes.ok ? (await notes.json()).map((n) => n.title) : notes.status };
}"""


def read_urls(site: Settings, mode: str, topology: str) -> dict[str, str]:
    if mode == "bff":
        base = f"{site.page_origins[topology]}/bff"
        return {"me": f"{base}/api/auth/me/", "notes": f"{base}/api/notes/"}
    api = site.api_origins[topology]
    return {"me": f"{api}/api/auth/me/", "notes": f"{api}/api/notes/"}


def sign_in(page: Page, site: Settings, *, mode: str, policy: str, topology: str, password: str):
    """Open the lab page of `topology` and sign alice in with `mode` (not jwt: see lab UI)."""
    page.goto(site.page_urls[topology] if topology != SAME_ORIGIN else site.page_urls[SAME_ORIGIN])
    page.wait_for_selector("body[data-ready=true]")
    status, body = page.evaluate(SIGN_IN, [mode, site.api_origins[topology], policy, password])
    assert status == 200, f"{mode}/{policy} sign-in on {topology} answered {status}: {body}"


def read_back(page: Page, site: Settings, *, mode: str, topology: str) -> dict:
    """Who the victim's own credential is, and the titles of its notes."""
    return page.evaluate(READ_BACK, [mode, read_urls(site, mode, topology)])


def wait_for_stored_tokens(page: Page, timeout_s: float = 15.0) -> dict:
    """The lab's localStorage pair, once its sign-in stored it (polled: the page's CSP refuses
    the eval that Playwright's wait_for_function needs)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        raw = page.evaluate("() => localStorage.getItem('lab.jwt')")
        if raw:
            return json.loads(raw)
        page.wait_for_timeout(50)
    raise AssertionError(f"no tokens in localStorage after {timeout_s:g} s")
