"""The scaling panel behind a real load balancer: what a visitor sees per session store.

Chromium on the same-site page (app.lab.localhost → api.lab.localhost, so a Lax session
cookie is sent) fires 30 calls through nginx at three gunicorn replicas.
"""

import re

import pytest
from playwright.sync_api import expect

from infra.cluster.cluster import ClusterSpec, running_cluster
from infra.cluster.config import demo_password
from infra.local_services import free_port
from tests.browser.lab_page import LabPage
from tests.browser.servers import Lab, start_web_client

pytestmark = [pytest.mark.browser, pytest.mark.cluster]

ROW = re.compile(r"^(?P<replica>api-\d)\s*(?P<ok>\d+) / (?P<total>\d+)$")


def scaling_counts(lab_page: LabPage, *, mode: str) -> dict[str, tuple[int, int]]:
    page = lab_page.page
    lab_page.open(lab_page.lab.same_site)
    lab_page.sign_in(mode=mode)
    expect(lab_page.status).not_to_have_text("Signing in…")
    page.click("button[data-action=scaling]")
    rows = page.locator("#scaling-panel tbody tr")
    expect(rows).to_have_count(3)
    counts = {}
    for text in rows.all_inner_texts():
        match = ROW.match(text.strip())
        assert match, text
        counts[match["replica"]] = (int(match["ok"]), int(match["total"]))
    assert sum(total for _, total in counts.values()) == 30
    return counts


@pytest.fixture(params=["memory", "redis"])
def cluster_lab(request, tmp_path):
    web_port = free_port()
    spec = ClusterSpec(store=request.param, replicas=3, web_client_port=web_port)
    with (
        running_cluster(spec) as cluster,
        start_web_client(port=web_port, api_port=cluster.nginx.port, log_dir=tmp_path),
    ):
        yield (
            request.param,
            Lab(api_port=cluster.nginx.port, web_port=web_port, password=demo_password()),
        )


def test_scaling_panel_shows_which_store_survives_the_load_balancer(page, cluster_lab):
    store, lab = cluster_lab
    counts = scaling_counts(LabPage(page, lab), mode="session")
    authenticated = sum(ok for ok, _ in counts.values())
    if store == "memory":
        # The session lives in one replica's memory: the other two never know it, and the
        # first of them to see the cookie deletes it, so most calls are anonymous (often the
        # page's own /me right after login already lands on a stranger: "Not signed in").
        assert authenticated <= 10
        assert sum(1 for ok, _ in counts.values() if ok == 0) >= 2
    else:
        # A shared store: every replica knows the session.
        expect(LabPage(page, lab).status).to_contain_text("Signed in as alice (session)")
        assert authenticated == 30
        assert all(ok == total for ok, total in counts.values())
