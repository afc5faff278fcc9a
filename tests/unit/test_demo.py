"""`make demo`'s launcher: everything answers on its sites, and Ctrl-C stops it all."""

import signal
import subprocess
import sys
import time

import requests

from infra.local_services import free_port
from tests.support.live_api import REPO_ROOT, api_env


def wait_for_line(process: subprocess.Popen, needle: str, timeout: float = 60) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if needle in line:
            return "".join(seen)
    raise AssertionError(f"{needle!r} never printed:\n{''.join(seen)}")


def test_demo_serves_every_site_and_stops_on_ctrl_c(tmp_path):
    api_port, web_port, attacker_port = free_port(), free_port(), free_port()
    env = api_env({"SQLITE_PATH": str(tmp_path / "demo.sqlite3"), "DATABASE_URL": "",
                   "BFF_SQLITE_PATH": str(tmp_path / "bff.sqlite3")})  # fmt: skip
    demo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "infra.demo",
            "--api-port",
            str(api_port),
            "--web-port",
            str(web_port),
            "--attacker-port",
            str(attacker_port),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        banner = wait_for_line(demo, "Ctrl-C stops everything")
        assert f"http://app.localhost:{web_port}/" in banner
        assert f"http://api.localhost:{api_port}/app/" in banner
        assert "password: lab-demo-password" in banner
        assert f"http://attacker.localhost:{attacker_port}/" in banner
        api = f"http://127.0.0.1:{api_port}"
        for host in ("api.localhost", "api.lab.localhost"):
            response = requests.get(
                f"{api}/api/health/", headers={"Host": f"{host}:{api_port}"}, timeout=5
            )
            assert response.json()["status"] == "ok"
        page = requests.get(
            f"http://127.0.0.1:{web_port}/config.json",
            headers={"Host": f"app.localhost:{web_port}"},
            timeout=5,
        )
        assert page.json()["apiBaseUrl"] == f"http://api.localhost:{api_port}"
        # The XSS demo on each page sends what it finds to this run's attacker site.
        collector = f"http://attacker.localhost:{attacker_port}/collect"
        assert page.json()["collectorUrl"] == collector
        same_origin = requests.get(
            f"http://127.0.0.1:{api_port}/app/config.json",
            headers={"Host": f"api.localhost:{api_port}"},
            timeout=5,
        )
        assert same_origin.json()["collectorUrl"] == collector
        # Each page's BFF answers on its own origin: the web client's and the API's.
        for port, host in ((web_port, "app.localhost"), (api_port, "api.localhost")):
            bff = requests.get(
                f"http://127.0.0.1:{port}/bff/session/",
                headers={"Host": f"{host}:{port}"},
                timeout=5,
            )
            assert bff.json() == {"signed_in": False}, host
        # The attacker's site runs beside them, on a site the API trusts for nothing.
        attacker = requests.get(
            f"http://127.0.0.1:{attacker_port}/",
            headers={"Host": f"attacker.localhost:{attacker_port}"},
            timeout=5,
        )
        assert attacker.status_code == 200
        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=15) == 0
        for port in (api_port, web_port, attacker_port):
            try:
                requests.get(f"http://127.0.0.1:{port}/", timeout=1)
                raise AssertionError(f"port {port} still answers after Ctrl-C")
            except requests.ConnectionError:
                pass
    finally:
        if demo.poll() is None:
            demo.kill()
