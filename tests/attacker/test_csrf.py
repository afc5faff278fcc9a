"""CSRF and login CSRF from attacker.localhost against a victim signed in to the lab, in every
mode: nothing is created, the victim stays who it was, and each verdict names the layer the
rules say stops it (tests/attacker/expected.py), with third-party cookies blocked and allowed."""

from dataclasses import dataclass

import pytest

from tests.attacker import victim
from tests.attacker.expected import expected_layers, matches
from tests.browser.lab_page import LabPage
from web_client.site_config import CROSS_SITE, SAME_ORIGIN

pytestmark = pytest.mark.browser
POLICIES = ["lax", "strict", "none", "partitioned"]
# How many attacks of each family the Attacks page runs (infra/attacker_site/attacks.py).
CSRF_ATTACKS, LOGIN_ATTACKS = 4, 2


@dataclass
class Victim:
    mode: str
    topology: str
    policy: str = ""

    @property
    def name(self) -> str:
        return ", ".join(filter(None, [self.mode, self.policy, self.topology]))


def attack(attacker, family: str, who: Victim, *, context, observed, count: int) -> None:
    """Run `family` against `who`; every verdict refused, by the layer the rules name."""
    verdicts = attacker.run(family, mode=who.mode, topology=who.topology, policy=who.policy)
    observed.record(verdicts, victim=who.name, third_party=context.third_party)
    assert len(verdicts) == count
    for verdict in verdicts:
        expected = expected_layers(who.mode, who.policy, verdict["attack"], context.third_party)
        assert verdict["outcome"] == "refused", verdict
        assert matches(verdict["stopped_by"], expected), (verdict["attack"], verdict)


def assert_nothing_created(victim_page, site, who: Victim) -> None:
    after = victim.read_back(victim_page, site, mode=who.mode, topology=who.topology)
    assert after["me"] == "alice"  # still the victim: no login CSRF took hold
    assert isinstance(after["notes"], list)
    assert [title for title in after["notes"] if title.startswith("csrf-")] == []


@pytest.mark.parametrize("mode", ["session", "cookie-jwt"])
@pytest.mark.parametrize("policy", POLICIES)
def test_cookie_modes_csrf_and_login_csrf_are_refused(mode, policy, context, victim_page,
                                                      attacker, site, lab, observed):  # fmt: skip
    # Partitioned signs in where it matters (the cross-site page); the others on the API's own
    # site, where their cookie is first-party: the attacker's best case.
    who = Victim(mode, CROSS_SITE if policy == "partitioned" else SAME_ORIGIN, policy)
    victim.sign_in(victim_page, site, mode=mode, policy=policy, topology=who.topology,
                   password=lab.password)  # fmt: skip
    attacker.open()
    attack(attacker, "csrf", who, context=context, observed=observed, count=CSRF_ATTACKS)
    attack(attacker, "login-csrf", who, context=context, observed=observed, count=LOGIN_ATTACKS)
    assert_nothing_created(victim_page, site, who)


def test_bearer_mode_has_no_ambient_credential(context, victim_page, attacker, site, lab,
                                               observed):  # fmt: skip
    who = Victim("jwt", CROSS_SITE)
    LabPage(victim_page, lab).open(lab.cross_site).sign_in(mode="jwt", storage="local")
    victim.wait_for_stored_tokens(victim_page)
    attacker.open()
    attack(attacker, "csrf", who, context=context, observed=observed, count=CSRF_ATTACKS)
    assert_nothing_created(victim_page, site, who)


@pytest.mark.parametrize("topology", [CROSS_SITE, SAME_ORIGIN])
def test_bff_csrf_and_login_csrf_are_refused(topology, context, victim_page, attacker, site, lab,
                                             observed):  # fmt: skip
    who = Victim("bff", topology)
    victim.sign_in(victim_page, site, mode="bff", policy="", topology=topology,
                   password=lab.password)  # fmt: skip
    attacker.open()
    attack(attacker, "csrf", who, context=context, observed=observed, count=CSRF_ATTACKS)
    attack(attacker, "login-csrf", who, context=context, observed=observed, count=LOGIN_ATTACKS)
    assert_nothing_created(victim_page, site, who)
