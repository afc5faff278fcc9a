"""How each engine trusts the lab's CA for one https run (issue 17), and nothing more: the CA is
added where that engine reads its roots, in a place only the launched browser sees. No engine
is told to ignore certificate errors, and no store another program reads is written.

- Chromium on Linux reads user-added roots from the NSS database $HOME/.pki/nssdb: the browser
  is launched with a HOME of its own whose database trusts the CA.
- Firefox reads roots from the NSS database inside its profile: the CA goes into the profile
  puppeteer launches (its userDataDir) before the launch.
- WebKitGTK verifies through glib-networking's GnuTLS backend, whose roots are the system
  bundle compiled into GnuTLS (/etc/ssl/certs/ca-certificates.crt) with no per-process switch.
  WebKitWebDriver (and the MiniBrowser and network process it starts) therefore runs in a
  private mount namespace where that path shows the system bundle plus the lab's CA; the
  machine's file is untouched. That needs root (CAP_SYS_ADMIN); without it the driver runs
  as is, and trusts the CA only if `make demo HTTPS=1` installed it system-wide.
"""

import os
import shlex
import shutil
from pathlib import Path

from infra.tls import trust_in_nss_db

SYSTEM_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
UNSHARE = "unshare"


def chromium_home(ca_file: Path, directory: Path) -> Path:
    """A HOME for Chromium whose NSS database trusts `ca_file`."""
    trust_in_nss_db(ca_file, directory / ".pki" / "nssdb")
    return directory


def firefox_profile(ca_file: Path, profile: Path) -> Path:
    """The Firefox profile `profile`, its NSS database trusting `ca_file`."""
    return trust_in_nss_db(ca_file, profile)


def can_bind_mount() -> bool:
    return os.geteuid() == 0 and shutil.which(UNSHARE) is not None


def webkit_driver(ca_file: Path, driver: str, directory: Path) -> tuple[str, str]:
    """(the program to start instead of `driver`, how it trusts `ca_file`, in words)."""
    if not can_bind_mount():
        return driver, "the system store only (no private mount namespace without root)"
    bundle = directory / "ca-certificates.crt"
    bundle.write_bytes(SYSTEM_BUNDLE.read_bytes() + b"\n" + ca_file.read_bytes())
    wrapper = directory / "webkit-webdriver"
    # sh -c runs inside the new namespace: the bind mount is seen by the driver and every
    # process it starts, and disappears with them.
    inner = 'mount --bind "$1" "$2" && shift 2 && exec "$@"'
    wrapper.write_text(
        "#!/bin/sh\n"
        f"exec {UNSHARE} --mount --propagation private -- sh -c {shlex.quote(inner)} sh "
        f'{shlex.quote(str(bundle))} {SYSTEM_BUNDLE} {shlex.quote(driver)} "$@"\n'
    )
    wrapper.chmod(0o700)
    how = f"{SYSTEM_BUNDLE} plus the lab CA, bind-mounted in the driver's own mount namespace"
    return str(wrapper), how
