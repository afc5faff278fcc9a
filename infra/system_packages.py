"""`make test`'s first step: the Debian packages the suites drive, installed when we can.

The suites use real programs — Chromium, Firefox, WebKitGTK, nginx, redis-server, wrk,
envsubst, node, mkcert and certutil — never stand-ins. As root with apt-get (CI, a fresh
container) the missing ones are installed; otherwise the exact command is printed and the run
stops before any test can fail obscurely.
A program that is present is never reinstalled: node here may come from NodeSource, whose
package Debian's `nodejs`/`npm` conflict with.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from infra.config import inherited_environment

# program → (Debian package, where it may live besides PATH)
PROGRAMS = {
    "chromium": ("chromium", ["/usr/bin/chromium"]),
    "nginx": ("nginx", ["/usr/sbin/nginx"]),
    "redis-server": ("redis-server", ["/usr/bin/redis-server"]),
    # `redis-cli --cluster create` joins the replica lab's Redis Cluster (STORE=redis-cluster).
    "redis-cli": ("redis-tools", ["/usr/bin/redis-cli"]),
    "wrk": ("wrk", ["/usr/bin/wrk"]),
    "envsubst": ("gettext-base", ["/usr/bin/envsubst"]),
    # The web client's unit tests (`node --test`, in `make test-web-js`).
    "node": ("nodejs", ["/usr/bin/node"]),
    # The matrix in every engine (infra/matrix, tests/engines): Firefox over WebDriver BiDi
    # (puppeteer-core, installed with npm), WebKitGTK through WebKitWebDriver on an Xvfb display.
    "firefox-esr": ("firefox-esr", ["/usr/bin/firefox-esr"]),
    "WebKitWebDriver": ("webkit2gtk-driver", ["/usr/bin/WebKitWebDriver"]),
    "Xvfb": ("xvfb", ["/usr/bin/Xvfb"]),
    "npm": ("npm", ["/usr/bin/npm"]),
    # https mode (infra/tls.py): mkcert makes the lab's CA and certificate; certutil writes the
    # NSS databases a browser under test trusts it through (never the user's own stores).
    "mkcert": ("mkcert", ["/usr/bin/mkcert"]),
    "certutil": ("libnss3-tools", ["/usr/bin/certutil"]),
}
# Quietens a harmless traceback in Kivy's log; not a program to look for.
EXTRA_PACKAGES = ["libmtdev1"]
# The web client's modules are plain `.js` files with `import` and no package.json: node must
# detect ES module syntax by itself (on by default from node 20.19 / 22.7).
ES_MODULE_PROBE = 'import { strict } from "node:assert"; strict.ok(true);\n'


def missing_packages() -> list[str]:
    missing = []
    for program, (package, places) in PROGRAMS.items():
        if not shutil.which(program) and not any(os.path.exists(p) for p in places):
            missing.append(package)
    return missing


def node_problem(node: str = "node") -> str | None:
    """Why this node cannot run the web client's unit tests, or None when it can."""
    with tempfile.TemporaryDirectory(prefix="lab-node-probe-") as folder:
        probe = Path(folder) / "probe.js"
        probe.write_text(ES_MODULE_PROBE)
        try:
            version = subprocess.run(
                [node, "--version"], capture_output=True, text=True, timeout=30
            ).stdout.strip()
            ran = subprocess.run([node, str(probe)], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"`{node}` could not be run ({error})."
    if ran.returncode == 0:
        return None
    return (
        f"node {version} cannot load the web client's ES modules (plain .js files with "
        "`import`): the web client's unit tests need node >= 20.19 (or >= 22.7). "
        "Install a newer node (e.g. from NodeSource), then run `make test` again."
    )


def main() -> int:
    missing = missing_packages()
    if missing:
        command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
        command += EXTRA_PACKAGES
        if not (os.geteuid() == 0 and shutil.which("apt-get")):
            print(
                f"The test suites need these Debian packages: {' '.join(missing)}.\n"
                f"Install them, then run `make test` again:\n  sudo {' '.join(command)}",
                file=sys.stderr,
            )
            return 1
        print(f"==> installing system packages: {' '.join(missing)}", flush=True)
        env = {**inherited_environment(), "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run([*command, "-qq"], check=True, env=env)
        still_missing = missing_packages()
        if still_missing:
            print(f"Still missing after apt-get: {' '.join(still_missing)}", file=sys.stderr)
            return 1
    problem = node_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"==> system packages: {', '.join(PROGRAMS)} present")
    return 0


if __name__ == "__main__":
    sys.exit(main())
