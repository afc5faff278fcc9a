"""The scaling panel counts, per replica, how many of 30 calls recognised the user."""

import re

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_burst_counts_authenticated_calls_per_replica(lab_page, lab):
    replica = requests.get(f"{lab.api}/api/health/", timeout=5).json()["replica"]
    page = lab_page.page
    rows = page.locator("#scaling-panel tbody tr")

    # Signed out on the cross-site page: every replica answers, none recognises us.
    lab_page.open(lab.cross_site)
    page.click("button[data-action=scaling]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_text(re.compile(rf"^{re.escape(replica)}\s*0 / 30$"))

    # With a bearer token, all 30 are authenticated; the replica name comes from X-Replica,
    # which the API exposes to cross-origin script.
    lab_page.sign_in(mode="jwt")
    expect(lab_page.status).to_contain_text("Signed in as alice (jwt)")
    page.click("button[data-action=scaling]")
    expect(rows.first).to_have_text(re.compile(rf"^{re.escape(replica)}\s*30 / 30$"))
