"""`make test`'s first step: the Debian packages the suites drive, installed when we can.

The suites use real programs — Chromium, nginx, redis-server, wrk, envsubst — never stand-ins.
As root with apt-get (CI, a fresh container) the missing ones are installed; otherwise the
exact command is printed and the run stops before any test can fail obscurely.
"""

import os
import shutil
import subprocess
import sys

# program → (Debian package, where it may live besides PATH)
PROGRAMS = {
    "chromium": ("chromium", ["/usr/bin/chromium"]),
    "nginx": ("nginx", ["/usr/sbin/nginx"]),
    "redis-server": ("redis-server", ["/usr/bin/redis-server"]),
    "wrk": ("wrk", ["/usr/bin/wrk"]),
    "envsubst": ("gettext-base", ["/usr/bin/envsubst"]),
}
# Quietens a harmless traceback in Kivy's log; not a program to look for.
EXTRA_PACKAGES = ["libmtdev1"]


def missing_packages() -> list[str]:
    missing = []
    for program, (package, places) in PROGRAMS.items():
        if not shutil.which(program) and not any(os.path.exists(p) for p in places):
            missing.append(package)
    return missing


def main() -> int:
    missing = missing_packages()
    if not missing:
        print("==> system packages: chromium, nginx, redis-server, wrk, envsubst present")
        return 0
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing, *EXTRA_PACKAGES]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"==> installing system packages: {' '.join(missing)}", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run([*command, "-qq"], check=True, env=env)
        return 0 if not missing_packages() else 1
    print(
        f"The test suites need these Debian packages: {' '.join(missing)}.\n"
        f"Install them, then run `make test` again:\n  sudo {' '.join(command)}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
