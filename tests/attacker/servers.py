"""The API (with the attack log), the web client and the attacker's site, on free ports."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from infra.attacker_site.launcher import AttackerSite
from infra.attacker_site.site_config import HOST
from infra.config import inherited_environment
from infra.servers import WebClient
from tests.browser.servers import Lab
from tests.support.live_api import free_port, start_api


@dataclass
class AttackLab(Lab):
    attacker_port: int = 0
    attacker_log: Path | None = None

    @property
    def attacker(self) -> str:
        return f"http://{HOST}:{self.attacker_port}/"


@contextmanager
def attack_lab(log_dir: Path) -> Iterator[AttackLab]:
    web_port, attacker_port = free_port(), free_port()
    # Both servers of the lab page name the collector in its config.json (the XSS demo).
    env = {"WEB_CLIENT_PORT": str(web_port), "ATTACKER_SITE_PORT": str(attacker_port)}
    with (
        start_api(env=env) as api,
        WebClient(web_port, api_port=api.port, env={**inherited_environment(), **env},
                  log_path=log_dir / f"web_client_{web_port}.log"),
        AttackerSite(
            attacker_port, api_port=api.port, web_port=web_port,
            log_path=log_dir / "attacker.log",
        ) as site,
    ):  # fmt: skip
        yield AttackLab(api_port=api.port, web_port=web_port, password=api.password,
                        attacker_port=site.port, attacker_log=site.log_path)  # fmt: skip
