"""infra/compose.yaml offers the same topology with the same nginx template (Docker is not run).

The nginx image renders templates with envsubst, limited to the variables named by
NGINX_ENVSUBST_FILTER; the launcher renders them in Python. Both must give the same file,
and nginx must accept it.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from infra.cluster.nginx import MAIN_TEMPLATE, PLACEHOLDER, SITE_TEMPLATE, render
from infra.config import REPO_ROOT, inherited_environment

COMPOSE = REPO_ROOT / "infra" / "compose.yaml"
TEMPLATE_IN_IMAGE = "/etc/nginx/templates/default.conf.template"


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


@pytest.fixture(scope="module")
def nginx_env(services) -> dict[str, str]:
    return services["nginx"]["environment"]


def envsubst_like_the_nginx_image(template: str, env: dict[str, str]) -> str:
    """What /docker-entrypoint.d/20-envsubst-on-templates.sh does: only filtered names."""
    if shutil.which("envsubst") is None:
        pytest.skip("envsubst (Debian package gettext-base) is not installed")
    pattern = re.compile(env["NGINX_ENVSUBST_FILTER"])
    names = " ".join(f"${{{name}}}" for name in env if pattern.search(name))
    return subprocess.run(
        ["envsubst", names],
        input=template,
        env={**inherited_environment(), **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_nginx_mounts_the_launchers_template(services):
    mounts = [volume.split(":") for volume in services["nginx"]["volumes"]]
    sources = {(COMPOSE.parent / source).resolve(): target for source, target, *_ in mounts}
    assert sources[SITE_TEMPLATE.resolve()] == TEMPLATE_IN_IMAGE


def test_the_image_and_the_launcher_render_the_template_alike(nginx_env):
    template = SITE_TEMPLATE.read_text()
    assert set(PLACEHOLDER.findall(template)) <= set(nginx_env)

    rendered = envsubst_like_the_nginx_image(template, nginx_env)

    assert rendered == render(template, nginx_env)
    # nginx's own variables survived the substitution.
    for variable in ("$http_host", "$proxy_add_x_forwarded_for", "$upstream_addr"):
        assert variable in rendered


def test_nginx_accepts_the_compose_configuration(nginx_env, tmp_path):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx is None:
        pytest.skip("nginx is not installed")
    # Compose's service names resolve only inside Docker's network; loopback stands in.
    upstreams = re.sub(r"api-\d:", "127.0.0.1:", nginx_env["LAB_UPSTREAM_SERVERS"])
    site = render(SITE_TEMPLATE.read_text(), {**nginx_env, "LAB_UPSTREAM_SERVERS": upstreams})
    (tmp_path / "api.conf").write_text(site)
    (tmp_path / "nginx-temp").mkdir()
    (tmp_path / "nginx.conf").write_text(
        render(MAIN_TEMPLATE.read_text(), {"LAB_RUN_DIR": str(tmp_path)})
    )
    check = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
         "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr


def test_every_replica_is_upstream_and_named_apart(services, nginx_env):
    replicas = {name: spec for name, spec in services.items() if name.startswith("api-")}
    upstreams = re.findall(r"server (api-\d+):8000", nginx_env["LAB_UPSTREAM_SERVERS"])

    assert sorted(upstreams) == sorted(replicas) and len(replicas) == 3
    assert {spec["environment"]["REPLICA_NAME"] for spec in replicas.values()} == set(replicas)
    for spec in replicas.values():
        assert spec["environment"]["REPLICAS"] == str(len(replicas))
        assert spec["environment"]["NUM_PROXIES"] == "1"
        assert "--workers 1" in spec["command"]


def test_compose_paths_exist():
    build = yaml.safe_load(COMPOSE.read_text())["x-build"]
    context = (COMPOSE.parent / build["context"]).resolve()
    for line in build["dockerfile_inline"].splitlines():
        if line.startswith("COPY"):
            for source in line.split()[1:-1]:
                assert (context / source).exists(), source
    assert Path(context / "web_client" / "server.py").exists()
