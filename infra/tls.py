"""The lab's https: a local certificate authority made with Debian's `mkcert`, one certificate
for every lab host name, and the ways to trust that authority.

Where the files live. mkcert keeps its CA in the folder CAROOT names. The lab gives it a folder
of its own (`.dev-secrets/tls/ca/` in the checkout, git-ignored), never the user's global
mkcert CA: the lab's CA is made for the lab, and removing it (`mkcert -uninstall` with that
CAROOT) touches nothing else. Tests pass a temporary `directory` and never install anything:
they hand the CA file to each client (requests' `verify=`, an NSS database of their own).

Trusting it. `make demo HTTPS=1` runs `mkcert -install` (`install_ca`): the system store
(/usr/local/share/ca-certificates + update-ca-certificates, as root), and the NSS databases
Chromium ($HOME/.pki/nssdb) and Firefox (its profiles) read. Nothing else here installs.
"""

import contextlib
import fcntl
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from infra.config import REPO_ROOT, inherited_environment
from web_client.site_config import CA_FILE_ENV, HTTPS_ENV, scheme_for

# Every name a lab server answers to over https: the API's two, the pages' two, the attacker's
# site, and the plain loopback names tools and the Kivy client use.
LAB_HOST_NAMES = (
    "api.localhost",
    "api.lab.localhost",
    "app.localhost",
    "app.lab.localhost",
    "attacker.localhost",
    "localhost",
    "127.0.0.1",
    "::1",
)
DEFAULT_DIRECTORY = REPO_ROOT / ".dev-secrets" / "tls"
MKCERT = "mkcert"
CERTUTIL = "certutil"
# mkcert's file names inside CAROOT.
CA_CERT_NAME = "rootCA.pem"
CA_KEY_NAME = "rootCA-key.pem"
CERT_NAME = "lab.pem"
KEY_NAME = "lab-key.pem"
# The names the certificate was made for: a new name in LAB_HOST_NAMES makes a new certificate.
NAMES_FILE = "lab-names.txt"
# How the CA is called in an NSS database the lab fills itself (trust_in_nss_db).
NSS_NICKNAME = "Session vs Token Lab CA"
MKCERT_TIMEOUT_S = 60


class TlsUnavailable(SystemExit):
    """mkcert or certutil is missing, or failed; the message says what to do."""


@dataclass(frozen=True)
class LabTls:
    """One certificate for every lab name (`cert_file`, `key_file`), and the CA that signed it:
    `ca_file` is the PEM a client must trust, `ca_root` the CAROOT folder mkcert keeps it in."""

    cert_file: Path
    key_file: Path
    ca_file: Path
    ca_root: Path


def _program(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise TlsUnavailable(
            f"{name} is not installed; https mode needs it. Install it with "
            f"`apt-get install -y {package}` (or `make system-packages`)."
        )
    return found


def mkcert_env(ca_root: Path, **extra: str) -> dict[str, str]:
    """The environment that points mkcert at `ca_root`."""
    return {**inherited_environment(), "CAROOT": str(ca_root), **extra}


def _mkcert(ca_root: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [_program(MKCERT, "mkcert"), *args], env=mkcert_env(ca_root, **extra_env),
        capture_output=True, text=True, timeout=MKCERT_TIMEOUT_S,
    )  # fmt: skip
    if done.returncode != 0:
        raise TlsUnavailable(f"mkcert {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One maker at a time: servers and test workers may ask for the certificate at once."""
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _is_current(tls: LabTls, names_file: Path) -> bool:
    """The certificate exists, names every lab host, and is younger than its CA."""
    files = (tls.cert_file, tls.key_file, tls.ca_file, names_file)
    if not all(path.exists() for path in files):
        return False
    if names_file.read_text().split() != list(LAB_HOST_NAMES):
        return False
    return tls.cert_file.stat().st_mtime >= tls.ca_file.stat().st_mtime


def ensure_lab_certificates(directory: Path | None = None) -> LabTls:
    """The lab's CA and certificate in `directory` (default `.dev-secrets/tls/`), made with
    mkcert the first time and reused after that. Installs nothing anywhere."""
    directory = Path(directory or DEFAULT_DIRECTORY)
    ca_root = directory / "ca"
    ca_root.mkdir(parents=True, exist_ok=True, mode=0o700)
    tls = LabTls(directory / CERT_NAME, directory / KEY_NAME, ca_root / CA_CERT_NAME, ca_root)
    names_file = directory / NAMES_FILE
    with _locked(directory):
        if not _is_current(tls, names_file):
            # Without -install mkcert only makes the CA (first time) and signs the certificate;
            # TRUST_STORES empty keeps it from even looking at the system's stores.
            _mkcert(ca_root, "-cert-file", str(tls.cert_file), "-key-file", str(tls.key_file),
                    *LAB_HOST_NAMES, TRUST_STORES="")  # fmt: skip
            tls.key_file.chmod(0o600)
            names_file.write_text("\n".join(LAB_HOST_NAMES) + "\n")
    return tls


def scheme(tls: LabTls | None) -> str:
    """The scheme a server started with `tls` (None: plain http) answers on."""
    return scheme_for(tls is not None)


def server_env(tls: LabTls) -> dict[str, str]:
    """What a lab server's environment says of https: the switch (LAB_HTTPS) and the CA it
    trusts when it calls another lab server. Also for a server behind a TLS proxy (the replica
    lab's replicas behind nginx): its origins are https though it speaks plain http itself."""
    return {HTTPS_ENV: "1", CA_FILE_ENV: str(tls.ca_file)}


def user_nss_db() -> Path:
    """The NSS database Chromium reads on Linux (Firefox keeps one per profile)."""
    return Path(inherited_environment().get("HOME", "~")).expanduser() / ".pki" / "nssdb"


def install_ca(tls: LabTls) -> str:
    """`mkcert -install`: the lab's CA into the system store and the browsers' NSS databases.
    Returns mkcert's own report.

    mkcert fills only NSS databases that exist; Chromium makes $HOME/.pki/nssdb on its first
    start, so a machine whose Chromium never ran gets an empty one first, or Chromium would not
    trust the lab. As root mkcert writes the system store itself; otherwise it asks sudo."""
    nss_db = user_nss_db()
    if shutil.which(CERTUTIL) and not (nss_db / "cert9.db").exists():
        nss_db.mkdir(parents=True, exist_ok=True)
        subprocess.run([CERTUTIL, "-d", f"sql:{nss_db}", "-N", "--empty-password"],
                       capture_output=True, timeout=MKCERT_TIMEOUT_S, check=True)  # fmt: skip
    done = _mkcert(tls.ca_root, "-install")
    return (done.stdout + done.stderr).strip()


def install_command(tls: LabTls) -> str:
    """The one command that trusts the lab's CA, for a user who is not root."""
    return f"CAROOT={tls.ca_root} mkcert -install"


def uninstall_command(tls: LabTls) -> str:
    """The one command that removes the lab's CA from every store `install_ca` filled."""
    return f"CAROOT={tls.ca_root} mkcert -uninstall"


def trust_in_nss_db(ca_file: Path, nss_dir: Path) -> Path:
    """Create the NSS database `nss_dir` (if needed) trusting `ca_file` to identify servers.

    Chromium on Linux reads $HOME/.pki/nssdb and a Firefox profile is an NSS database of its
    own: a browser started with such a HOME or profile trusts the lab, and nobody else's store
    changes. Returns `nss_dir`."""
    certutil = _program(CERTUTIL, "libnss3-tools")
    nss_dir.mkdir(parents=True, exist_ok=True)
    database = f"sql:{nss_dir}"
    steps = []
    if not (nss_dir / "cert9.db").exists():
        steps.append([certutil, "-d", database, "-N", "--empty-password"])
    # C,, : a CA trusted to issue server certificates, nothing else (no e-mail, no code).
    steps.append([certutil, "-d", database, "-A", "-t", "C,,", "-n", NSS_NICKNAME,
                  "-i", str(ca_file)])  # fmt: skip
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=MKCERT_TIMEOUT_S)
        if done.returncode != 0:
            raise TlsUnavailable(f"{' '.join(step)} failed:\n{done.stdout}{done.stderr}")
    return nss_dir
