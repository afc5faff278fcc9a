"""Signing in with a session cookie through the page, as a person would."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_session_sign_in_notes_and_sign_out_on_the_same_site_page(lab_page, lab, csp_violations):
    lab_page.open(lab.same_site)
    lab_page.sign_in(mode="session", cookie_policy="lax")
    expect(lab_page.status).to_contain_text("Signed in as alice (session)")
    login = lab_page.page.locator("#inspector .exchange", has_text="Session login").first
    expect(login).to_contain_text('included (credentials: "include")')
    expect(login.locator("dt:text-is('X-CSRFToken') + dd")).not_to_have_text("not sent")
    expect(login.locator("dt:text-is('Authorization') + dd")).to_have_text("not sent")

    lab_page.add_note("Session groceries", "milk, bread")
    notes = lab_page.note_titles()
    expect(notes.filter(has_text="Session groceries")).to_have_count(1)
    expect(lab_page.page.locator("#notes-panel input[name=title]")).to_have_value("")
    lab_page.delete_note("Session groceries")
    expect(notes.filter(has_text="Session groceries")).to_have_count(0)

    lab_page.sign_out()
    expect(lab_page.status).to_have_text("Signed out.")
    lab_page.page.click("button[data-action=me]")
    expect(lab_page.status).to_have_text("Not signed in.")
    assert csp_violations == []


def test_cross_site_session_login_fails_with_lax_and_works_partitioned(lab_page, lab):
    lab_page.open(lab.cross_site)
    lab_page.sign_in(mode="session", cookie_policy="lax")
    # Chromium never stored the SameSite=Lax CSRF cookie set by a cross-site fetch.
    expect(lab_page.status).to_contain_text("Sign-in failed. The API answered 403")
    expect(lab_page.status).to_contain_text("CSRF cookie not set")
    expect(lab_page.latest_exchange()).to_contain_text("SameSite=Lax")
    # What the person typed is still there to retry with.
    expect(lab_page.page.locator("#password")).to_have_value(lab.password)

    # A Partitioned (CHIPS) cookie is allowed even though this browser blocks third-party ones.
    lab_page.sign_in(mode="session", cookie_policy="partitioned")
    expect(lab_page.status).to_contain_text("Signed in as alice (session)")
    lab_page.sign_out()
    expect(lab_page.status).to_have_text("Signed out.")
