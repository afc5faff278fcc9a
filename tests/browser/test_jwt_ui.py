"""Signing in with JWTs through the cross-site page: tokens, refresh rotation, logout, reload."""

import re

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def refresh_answer(lab, refresh_token: str) -> int:
    """Status the API gives a refresh token (200 while valid, 401 once blacklisted)."""
    response = requests.post(
        f"{lab.api}/api/auth/jwt/refresh/", json={"refresh": refresh_token}, timeout=5
    )
    return response.status_code


def verify_answer(lab, refresh_token: str) -> int:
    """The same question without using the token: presenting a rotated token to refresh would
    count as reuse and end the page's whole sign-in (its refresh family)."""
    response = requests.post(
        f"{lab.api}/api/auth/jwt/verify/", json={"token": refresh_token}, timeout=5
    )
    return response.status_code


def test_jwt_sign_in_notes_refresh_and_logout(lab_page, lab, csp_violations):
    page = lab_page.page
    lab_page.open(lab.cross_site)
    lab_page.sign_in(mode="jwt", storage="local")
    expect(lab_page.status).to_contain_text("Signed in as alice (jwt)")
    token_panel = page.locator("#token-panel")
    expect(token_panel).to_be_visible()
    expect(token_panel.locator("[data-field=claims]")).to_contain_text('"username": "alice"')
    expect(token_panel.locator("[data-field=header]")).to_contain_text('"alg": "HS256"')
    expect(token_panel.locator("[data-field=countdown]")).to_have_text(re.compile(r"^[0-5]:\d\d$"))
    me = page.locator("#inspector .exchange", has_text="Who am I?").first
    expect(me.locator("dt:text-is('Authorization') + dd")).to_contain_text("Bearer ")
    expect(me.locator("dt:text-is('Cookies') + dd")).to_contain_text("not sent")

    lab_page.add_note("Token groceries", "eggs")
    expect(lab_page.note_titles().filter(has_text="Token groceries")).to_have_count(1)
    lab_page.delete_note("Token groceries")
    expect(lab_page.note_titles().filter(has_text="Token groceries")).to_have_count(0)

    first = lab_page.stored_tokens()
    page.click("#token-panel button[data-action=refresh]")
    page.wait_for_function(
        "old => JSON.parse(localStorage.getItem('lab.jwt') || '{}').refresh !== old",
        arg=first["refresh"],
    )
    second = lab_page.stored_tokens()
    # Rotation: the new refresh token replaced the old, which the API no longer accepts.
    assert verify_answer(lab, first["refresh"]) == 401
    assert verify_answer(lab, second["refresh"]) == 200

    lab_page.sign_out()
    expect(lab_page.status).to_have_text("Signed out.")
    expect(token_panel).to_be_hidden()
    assert lab_page.stored_tokens() is None
    # Logout blacklisted the refresh token: copied elsewhere, it is worth nothing now.
    assert refresh_answer(lab, second["refresh"]) == 401
    assert csp_violations == []


@pytest.mark.parametrize(("storage", "survives_reload"), [("local", True), ("memory", False)])
def test_reload_keeps_the_jwt_only_in_local_storage(lab_page, lab, storage, survives_reload):
    lab_page.open(lab.cross_site)
    lab_page.sign_in(mode="jwt", storage=storage)
    expect(lab_page.status).to_contain_text("Signed in as alice (jwt)")
    # Memory mode keeps the tokens out of storage that any script on the origin could read.
    assert (lab_page.stored_tokens() is not None) is survives_reload

    lab_page.reload()

    if survives_reload:
        expect(lab_page.status).to_contain_text("Signed in as alice (jwt)")
        expect(lab_page.page.locator("#token-panel")).to_be_visible()
    else:
        expect(lab_page.status).to_have_text("Not signed in.")
        expect(lab_page.page.locator("#token-panel")).to_be_hidden()
        assert lab_page.stored_tokens() is None
    # The choice itself is remembered either way.
    expect(lab_page.page.locator("#token-storage")).to_have_value(storage)


def test_logging_out_a_sign_in_the_api_already_ended_reads_as_signed_out(lab_page, lab):
    lab_page.open(lab.cross_site)
    lab_page.sign_in(mode="jwt", storage="local")
    expect(lab_page.status).to_contain_text("Signed in as alice (jwt)")
    tokens = lab_page.stored_tokens()
    # Another device ends every sign-in of alice: the page's refresh family is revoked.
    ended = requests.post(
        f"{lab.api}/api/auth/logout-all/",
        headers={"Authorization": f"Bearer {tokens['access']}"},
        timeout=5,
    )
    assert ended.status_code == 204

    lab_page.sign_out()
    expect(lab_page.status).to_contain_text("Signed out. The API had already ended this sign-in.")
    expect(lab_page.status).to_contain_text("log out everywhere")
    assert lab_page.stored_tokens() is None
