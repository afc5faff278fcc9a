"""nginx in front of the replicas: render the shared template, run it without touching /var."""

import re
from pathlib import Path

from infra.cluster.config import NGINX_TEMPLATES
from infra.servers import Server, answers_ok, ca_verify, find_program
from infra.tls import LabTls, scheme

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


TLS_INCLUDE_DIR = "tls"


def tls_certificate(tls: LabTls) -> str:
    """The http-level directives that give every `listen … ssl` the lab's certificate."""
    return f"ssl_certificate {tls.cert_file};\nssl_certificate_key {tls.key_file};\n"


class Nginx(Server):
    """nginx in the foreground with its own prefix, pid file, logs and temp folders in
    `run_dir`: no root needed, nothing written under /var. With `tls` it listens https only
    (TLS ends here; the replicas behind it speak plain http on loopback)."""

    def __init__(self, run_dir: Path, port: int, upstream_addresses: list[str],
                 tls: LabTls | None = None):  # fmt: skip
        (run_dir / "nginx-temp").mkdir(exist_ok=True)
        # nginx's workers run as "nobody" when the launcher is root: they must reach the dir.
        run_dir.chmod(0o755)
        site = {
            "LAB_LISTEN": f"127.0.0.1:{port}{' ssl' if tls else ''}",
            "LAB_UPSTREAM_SERVERS": upstream_servers(upstream_addresses),
            "LAB_ACCESS_LOG": str(run_dir / "nginx-access.log"),
        }
        (run_dir / "api.conf").write_text(render(SITE_TEMPLATE.read_text(), site))
        config = run_dir / "nginx.conf"
        if tls is not None:
            (run_dir / TLS_INCLUDE_DIR).mkdir(exist_ok=True)
            (run_dir / TLS_INCLUDE_DIR / "certificate.conf").write_text(tls_certificate(tls))
        config.write_text(render(MAIN_TEMPLATE.read_text(), {"LAB_RUN_DIR": str(run_dir)}))
        error_log = run_dir / "nginx-error.log"
        argv = [find_program("nginx"), "-p", str(run_dir), "-e", str(error_log),
                "-c", str(config), "-g", "daemon off;"]  # fmt: skip
        health = f"{scheme(tls)}://127.0.0.1:{port}/nginx-health"
        super().__init__("nginx", port, argv, log_path=error_log, tls=tls,
                         ready=lambda: answers_ok(health, verify=ca_verify(tls)))  # fmt: skip
