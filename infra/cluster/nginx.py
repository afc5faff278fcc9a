"""nginx in front of the replicas: render the shared template, run it without touching /var."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from infra.cluster import processes
from infra.cluster.config import NGINX_TEMPLATES

SITE_TEMPLATE = NGINX_TEMPLATES / "api.conf.template"
MAIN_TEMPLATE = NGINX_TEMPLATES / "main.conf.template"
# The same placeholders the nginx image's envsubst fills in for infra/compose.yaml.
PLACEHOLDER = re.compile(r"\$\{(LAB_[A-Z_]+)\}")
# A replica that fails once is left out for this long, then tried again: short, so that a
# restarted replica is back in the rotation within seconds.
FAIL_TIMEOUT_SECONDS = 1


def render(template: str, values: dict[str, str]) -> str:
    """Fill ${LAB_...} placeholders like envsubst would; an unknown one is an error, not blank."""

    def value_for(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"The nginx template needs {name}, which was not given.")
        return values[name]

    return PLACEHOLDER.sub(value_for, template)


def upstream_servers(addresses: list[str]) -> str:
    return "\n    ".join(
        f"server {address} max_fails=1 fail_timeout={FAIL_TIMEOUT_SECONDS}s;"
        for address in addresses
    )


@dataclass
class Nginx:
    run_dir: Path
    port: int
    upstream_addresses: list[str]
    process: subprocess.Popen | None = None

    @property
    def access_log(self) -> Path:
        return self.run_dir / "nginx-access.log"

    @property
    def error_log(self) -> Path:
        return self.run_dir / "nginx-error.log"

    @property
    def config_path(self) -> Path:
        return self.run_dir / "nginx.conf"

    def write_config(self) -> None:
        (self.run_dir / "nginx-temp").mkdir(exist_ok=True)
        # nginx's workers run as "nobody" when the launcher is root: they must reach the dir.
        self.run_dir.chmod(0o755)
        site = render(
            SITE_TEMPLATE.read_text(),
            {
                "LAB_LISTEN": f"127.0.0.1:{self.port}",
                "LAB_UPSTREAM_SERVERS": upstream_servers(self.upstream_addresses),
                "LAB_ACCESS_LOG": str(self.access_log),
            },
        )
        (self.run_dir / "api.conf").write_text(site)
        main = render(MAIN_TEMPLATE.read_text(), {"LAB_RUN_DIR": str(self.run_dir)})
        self.config_path.write_text(main)

    def start(self) -> None:
        self.write_config()
        argv = [
            processes.find_program("nginx"),
            "-p", str(self.run_dir),
            "-e", str(self.error_log),
            "-c", str(self.config_path),
            "-g", "daemon off;",
        ]  # fmt: skip
        self.process = processes.start_ready(
            argv,
            log_path=self.run_dir / "nginx-stdout.log",
            ready=lambda: processes.answers_ok(f"http://127.0.0.1:{self.port}/nginx-health"),
            what=f"nginx on port {self.port}",
            ready_log=self.error_log,
        )

    def stop(self) -> None:
        if self.process is not None:
            processes.stop(self.process)
