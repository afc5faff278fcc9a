"""The scaling panel behind a real load balancer: what a visitor sees per session store.

Chromium on the same-site page (app.lab.localhost → api.lab.localhost, so a Lax session
cookie is sent) fires 30 calls through nginx at three gunicorn replicas.
"""

import re

import pytest
from playwright.sync_api import expect

from infra.cluster.cluster import ClusterSpec, running_cluster
from infra.config import demo_password
from infra.local_services import free_port
from tests.browser.lab_page import LabPage
from tests.browser.servers import Lab, start_web_client

pytestmark = [pytest.mark.browser, pytest.mark.cluster]

ROW = re.compile(r"^(?P<replica>api-\d)\s*(?P<ok>\d+) / (?P<total>\d+)$")


def is_session_login(response) -> bool:
    return response.request.method == "POST" and response.url.endswith("/api/auth/session/login/")


def sign_in_and_burst(lab_page: LabPage) -> tuple[str, dict[str, tuple[int, int]]]:
    """Sign in with a session; return the replica that signed us in and the panel's rows."""
    page = lab_page.page
    lab_page.open(lab_page.lab.same_site)
    with page.expect_response(is_session_login) as login_answer:
        lab_page.sign_in(mode="session")
    login = login_answer.value
    # The sign-in itself must have worked, whatever happens to the session afterwards.
    assert login.status == 200, login.text()
    assert login.json()["user"]["username"] == "alice"
    home = login.headers["x-replica"]
    expect(lab_page.status).not_to_have_text("Signing in…")
    page.click("button[data-action=scaling]")
    rows = page.locator("#scaling-panel tbody tr")
    expect(rows).to_have_count(3)  # every replica answered some of the burst
    counts = {}
    for text in rows.all_inner_texts():
        match = ROW.match(text.strip())
        assert match, text
        counts[match["replica"]] = (int(match["ok"]), int(match["total"]))
    assert home in counts
    assert sum(total for _, total in counts.values()) == 30
    return home, counts


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
    home, counts = sign_in_and_burst(LabPage(page, lab))
    recognised = {replica for replica, (ok, _) in counts.items() if ok}
    if store == "memory":
        # The session lives in the memory of the replica that signed us in: no other replica
        # ever recognises it, and the first of them to see the cookie deletes it, so most calls
        # are anonymous (often the page's own /me right after login already lands on a
        # stranger: "Not signed in").
        assert recognised <= {home}
    else:
        # A shared store: every replica knows the session, on every call.
        expect(LabPage(page, lab).status).to_contain_text("Signed in as alice (session)")
        assert all(ok == total for ok, total in counts.values())
