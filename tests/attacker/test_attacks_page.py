"""The Attacks page after a full run, as the README shows it (third-party cookies blocked): a
session victim with policy none (the one whose cookie can reach the API) and a bearer victim
whose localStorage pair the attacker's script sent to the collector."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.attacker import victim
from tests.attacker.payload import run_payload
from tests.attacker.verdict_rows import newest_loot
from tests.browser.lab_page import LabPage
from web_client.site_config import SAME_ORIGIN

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.mark.parametrize("context", ["blocked"], indirect=True)
def test_attacks_page_shows_every_verdict(context, victim_page, attacker, site, lab):
    victim.sign_in(victim_page, site, mode="session", policy="none", topology=SAME_ORIGIN,
                   password=lab.password)  # fmt: skip
    bearer_victim = LabPage(context.new_page(), lab).open(lab.cross_site)
    bearer_victim.sign_in(mode="jwt", storage="local")
    expect(bearer_victim.status).to_contain_text("Signed in as alice (jwt)")
    run_payload(bearer_victim.page)

    attacker.open()
    attacker.run("csrf", mode="session", topology=SAME_ORIGIN, policy="none")
    attacker.run("login-csrf", mode="session", topology=SAME_ORIGIN, policy="none")
    stolen = newest_loot(attacker.page)
    stolen.get_by_role("button", name="Use the access token (from this server)").click()
    expect(newest_loot(attacker.page)).to_contain_text("use-access: /me 200 (alice)")
    newest_loot(attacker.page).get_by_role("button", name="Use it from this browser").click()
    attacker.frame_the_lab()

    rows = attacker.page.locator("#verdicts tbody tr")
    expect(rows).to_have_count(7)
    for row in rows.all():
        expect(row).to_have_attribute("data-outcome", "refused")
    expect(attacker.page.locator("#frame-verdicts tr[data-refused=true]")).to_have_count(5)
    ARTIFACTS.mkdir(exist_ok=True)
    attacker.page.screenshot(path=ARTIFACTS / "attacks.png", full_page=True)
