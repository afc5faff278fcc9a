"""Real servers (API with the attack log, web client, attacker's site) and a real Chromium,
with third-party cookies blocked (this build's default) or allowed, its popup blocker on (the
Attacks page opens its one window inside the click, as a person's Chromium requires)."""

import pytest

from infra.attacker_site.site_config import Settings
from tests.attacker.attacker_page import AttackerPage
from tests.attacker.observed import Observed
from tests.attacker.servers import attack_lab
from tests.browser.chromium import VIEWPORT
from tests.browser.popup_blocker import context_allowing_third_party

BLOCKED, ALLOWED = "blocked", "allowed"


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    with attack_lab(tmp_path_factory.mktemp("attack_lab")) as running:
        yield running


@pytest.fixture(scope="session")
def site(lab) -> Settings:
    """The lab's addresses as the attacker's site computes them."""
    return Settings(port=lab.attacker_port, api_port=lab.api_port, web_port=lab.web_port)


@pytest.fixture(scope="session")
def allowing(playwright, tmp_path_factory):
    """One profile that allows third-party cookies for the run (a persistent context takes
    seconds to start); each test starts from its emptied cookie jar and storage."""
    context = context_allowing_third_party(playwright, tmp_path_factory.mktemp("profile"))
    yield context
    context.close()


def empty(context, site: Settings) -> None:
    """Every cookie (partitioned ones included) and every lab origin's storage gone."""
    context.clear_cookies()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    origins = {*site.api_origins.values(), *site.page_origins.values(), site.origin}
    for origin in origins:
        cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    cdp.detach()
    page.close()


@pytest.fixture(params=[BLOCKED, ALLOWED])
def context(request, chromium, allowing, site):
    """A browser with an empty jar, third-party cookies blocked or allowed."""
    if request.param == BLOCKED:
        context = chromium.new_context(viewport=VIEWPORT)
    else:
        context = allowing
        empty(context, site)
    context.third_party = request.param
    context.set_default_timeout(15_000)
    yield context
    if request.param == BLOCKED:
        context.close()
        return
    for page in context.pages:
        page.close()


@pytest.fixture
def victim_page(context):
    return context.new_page()


@pytest.fixture
def attacker(context, lab):
    return AttackerPage(context.new_page(), lab.attacker)


@pytest.fixture(scope="session")
def observed():
    """Every verdict of the run, written as artifacts/observed.md when the run ends."""
    table = Observed()
    yield table
    table.write()
