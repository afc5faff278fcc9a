"""`make demo HTTPS=1` on a clean checkout: mkcert makes a CA and a certificate, every site
answers over https on its usual names (certificates checked against that CA, never skipped),
and Chromium, trusting the CA the way a user's Chromium does (its NSS database), opens the
page with no certificate error and signs in with a session cookie.

The demo runs with --no-install-ca and a temporary --tls-dir: tests never touch the machine's
trust stores; the browser gets a HOME of its own whose NSS database trusts the lab's CA.
"""

import os
import signal
import subprocess
import sys

import pytest
import requests
from playwright.sync_api import expect

from backend.authentication.cookie_names import PREFIXED
from infra.tls import CA_CERT_NAME, trust_in_nss_db
from tests.browser.chromium import ARGS, CHROMIUM, VIEWPORT
from tests.browser.lab_page import LabPage
from tests.support.live_api import REPO_ROOT, api_env, free_port
from tests.unit.test_demo import wait_for_line

pytestmark = pytest.mark.browser
ARTIFACTS = REPO_ROOT / "tests" / "https" / "artifacts"


class Demo:
    def __init__(self, tmp_path):
        self.api_port, self.web_port, self.attacker_port = free_port(), free_port(), free_port()
        self.tls_dir = tmp_path / "tls"
        self.ca_file = self.tls_dir / "ca" / CA_CERT_NAME
        self.password = "lab-demo-password"
        env = api_env({"SQLITE_PATH": str(tmp_path / "demo.sqlite3"), "DATABASE_URL": "",
                       "BFF_SQLITE_PATH": str(tmp_path / "bff.sqlite3")})  # fmt: skip
        self.process = subprocess.Popen(
            [sys.executable, "-m", "infra.demo", "--https", "--no-install-ca",
             "--tls-dir", str(self.tls_dir), "--api-port", str(self.api_port),
             "--web-port", str(self.web_port), "--attacker-port", str(self.attacker_port)],
            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.output = wait_for_line(self.process, "Ctrl-C stops everything", timeout=120)

    def get(self, port: int, host: str, path: str) -> requests.Response:
        return requests.get(f"https://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"},
                            verify=self.ca_file, timeout=10, allow_redirects=False)  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    started = Demo(tmp_path_factory.mktemp("demo-https"))
    yield started
    if started.process.poll() is None:
        started.process.kill()
        started.process.wait(timeout=10)


@pytest.fixture(scope="module")
def trusting_chromium(playwright, demo, tmp_path_factory):
    """The system Chromium with a HOME whose NSS database ($HOME/.pki/nssdb) trusts the lab's
    CA, as `mkcert -install` leaves a user's; no flag to ignore certificate errors."""
    home = tmp_path_factory.mktemp("chromium-home")
    trust_in_nss_db(demo.ca_file, home / ".pki" / "nssdb")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True,
                                         env={**os.environ, "HOME": str(home)})  # fmt: skip
    yield browser
    browser.close()


def test_the_banner_shows_https_urls_and_how_to_trust_and_remove_the_ca(demo):
    for url in (f"https://app.localhost:{demo.web_port}/",
                f"https://app.lab.localhost:{demo.web_port}/",
                f"https://api.localhost:{demo.api_port}/app/",
                f"https://attacker.localhost:{demo.attacker_port}/"):  # fmt: skip
        assert url in demo.output
    assert f"http://app.localhost:{demo.web_port}/" not in demo.output
    ca_root = demo.tls_dir / "ca"
    assert f"CAROOT={ca_root} mkcert -install" in demo.output
    assert f"CAROOT={ca_root} mkcert -uninstall" in demo.output


def test_mkcert_made_the_ca_and_a_certificate_for_every_lab_name(demo):
    names = subprocess.run(
        ["openssl", "x509", "-noout", "-ext", "subjectAltName", "-in",
         str(demo.tls_dir / "lab.pem")], capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for name in ("api.localhost", "api.lab.localhost", "app.localhost", "app.lab.localhost",
                 "attacker.localhost", "DNS:localhost", "127.0.0.1"):  # fmt: skip
        assert name in names


def test_every_site_answers_over_https_with_a_certificate_the_lab_ca_signed(demo):
    for host in ("api.localhost", "api.lab.localhost"):
        assert demo.get(demo.api_port, host, "/api/health/").json()["status"] == "ok"
    config = demo.get(demo.web_port, "app.localhost", "/config.json").json()
    assert config["apiBaseUrl"] == f"https://api.localhost:{demo.api_port}"
    assert config["collectorUrl"] == f"https://attacker.localhost:{demo.attacker_port}/collect"
    for port, host in ((demo.web_port, "app.localhost"), (demo.api_port, "api.localhost")):
        assert demo.get(port, host, "/bff/session/").json() == {"signed_in": False}
    assert demo.get(demo.attacker_port, "attacker.localhost", "/").status_code == 200
    # Without the lab's CA the same request fails: the certificate is the lab's own.
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"https://127.0.0.1:{demo.api_port}/api/health/", timeout=10,
                     verify=requests.certs.where())  # fmt: skip


def test_the_same_origin_page_names_the_https_collector_too(demo):
    """backend/lab/web_client_app.py builds the API's own /app/config.json."""
    same_origin = demo.get(demo.api_port, "api.localhost", "/app/config.json").json()
    assert same_origin["topologies"]["cross-site"] == f"https://app.localhost:{demo.web_port}/"
    assert same_origin["collectorUrl"] == (
        f"https://attacker.localhost:{demo.attacker_port}/collect"
    )


@pytest.mark.parametrize(
    ("topology", "policy"), [("same-site", "lax"), ("cross-site", "partitioned")]
)
def test_chromium_trusting_the_ca_signs_in_with_a_session_cookie(
    trusting_chromium, demo, topology, policy
):
    context = trusting_chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        host = "app.lab.localhost" if topology == "same-site" else "app.localhost"
        url = f"https://{host}:{demo.web_port}/"
        response = page.goto(url)  # an untrusted certificate fails here (net::ERR_CERT_…)
        assert response.status == 200
        lab_page = LabPage(page, demo)
        page.wait_for_selector("body[data-ready=true]")
        lab_page.sign_in(mode="session", cookie_policy=policy)
        expect(lab_page.status).to_contain_text("Signed in as alice (session)")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"https-{topology}-session-{policy}.png")
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        session = cookies[PREFIXED.session]
        assert session["secure"] and session["httpOnly"]
        assert session["domain"] == ("api.lab.localhost" if topology == "same-site"
                                     else "api.localhost")  # fmt: skip
        assert session["path"] == "/"
        assert PREFIXED.csrf in cookies
        assert session.get("partitionKey") if policy == "partitioned" else True
    finally:
        context.close()


def test_ctrl_c_stops_every_https_site(demo):
    demo.process.send_signal(signal.SIGINT)
    assert demo.process.wait(timeout=20) == 0
    for port in (demo.api_port, demo.web_port, demo.attacker_port):
        with pytest.raises(requests.ConnectionError):
            requests.get(f"https://127.0.0.1:{port}/", verify=demo.ca_file, timeout=2)
