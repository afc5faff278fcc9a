"""The API (with the lab's attack log), the web client and the attacker's site, on free ports."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from infra.attacker_site.launcher import AttackerSite
from infra.attacker_site.site_config import HOST
from tests.browser.servers import Lab, start_web_client
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
    web_port = free_port()
    env = {"WEB_CLIENT_PORT": str(web_port)}
    with (
        start_api(env=env) as api,
        start_web_client(port=web_port, api_port=api.port, log_dir=log_dir),
        AttackerSite(
            free_port(), api_port=api.port, web_port=web_port, log_path=log_dir / "attacker.log"
        ) as site,  # fmt: skip
    ):
        yield AttackLab(api_port=api.port, web_port=web_port, password=api.password,
                        attacker_port=site.port, attacker_log=site.log_path)  # fmt: skip
