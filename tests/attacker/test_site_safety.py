"""The attacker's site stays a lab tool: it refuses production settings and a start without its
launcher, keeps a bounded collector in memory, and the API's attack log is off unless enabled."""

import subprocess
import sys

import pytest

from infra.attacker_site.collector import Collector
from infra.attacker_site.launcher import AttackerSite
from infra.attacker_site.site_config import PRODUCTION_SETTINGS, RefusedToStart
from infra.config import REPO_ROOT, inherited_environment


def test_launcher_refuses_the_backends_production_settings():
    with pytest.raises(RefusedToStart, match="production settings"):
        AttackerSite(1, api_port=2, web_port=3, log_path=None,
                     environ={"DJANGO_SETTINGS_MODULE": PRODUCTION_SETTINGS})  # fmt: skip


@pytest.mark.parametrize(
    "extra",
    [
        {},  # no launcher: no lab flag
        {"ATTACKER_SITE_LAB": "1", "ATTACKER_SITE_BACKEND_SETTINGS": PRODUCTION_SETTINGS},
    ],
    ids=["without-the-lab-flag", "under-production-settings"],
)
def test_the_wsgi_app_does_not_load_outside_the_lab(extra):
    env = {k: v for k, v in inherited_environment().items() if not k.startswith("ATTACKER_SITE")}
    done = subprocess.run(
        [sys.executable, "-c", "import infra.attacker_site.wsgi"],
        cwd=REPO_ROOT, env={**env, **extra}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "The attacker's site refuses to start" in done.stderr


def test_collector_keeps_a_bounded_number_of_entries():
    collector = Collector(max_entries=3)
    for number in range(5):
        collector.add({"access": f"token-{number}"}, channel="test")
    assert len(collector) == 3
    assert [entry["raw"]["access"] for entry in collector.entries()] == [
        "token-4",
        "token-3",
        "token-2",
    ]


def test_attack_log_is_a_404_where_it_is_off(client, settings):
    settings.LAB_ATTACK_LOG = False
    assert client.get("/api/lab/attack-log/abcdefgh12345678/").status_code == 404
