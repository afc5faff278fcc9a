"""infra/tls.py: the lab's CA and certificate are made once and reused, and `mkcert -install`
(what `make demo HTTPS=1` runs as root) puts the CA where Chromium looks, and takes it back.

The install runs with TRUST_STORES=nss and a temporary HOME: mkcert then writes only that
HOME's NSS database, never the machine's system store.
"""

import subprocess

import pytest

from infra import tls as lab_tls

NSS_NICKNAME_OF_MKCERT = "mkcert development CA"


def nss_nicknames(nss_dir) -> str:
    listed = subprocess.run(["certutil", "-L", "-d", f"sql:{nss_dir}"], capture_output=True,
                            text=True, check=True)  # fmt: skip
    return listed.stdout


def test_the_certificate_is_made_once_and_reused(tmp_path):
    first = lab_tls.ensure_lab_certificates(tmp_path)
    made = (first.cert_file.read_bytes(), first.ca_file.read_bytes())
    again = lab_tls.ensure_lab_certificates(tmp_path)
    assert again == first
    assert (again.cert_file.read_bytes(), again.ca_file.read_bytes()) == made
    assert oct(first.key_file.stat().st_mode & 0o777) == "0o600"


def test_a_new_lab_name_makes_a_new_certificate_from_the_same_ca(tmp_path, monkeypatch):
    first = lab_tls.ensure_lab_certificates(tmp_path)
    ca, cert = first.ca_file.read_bytes(), first.cert_file.read_bytes()
    monkeypatch.setattr(lab_tls, "LAB_HOST_NAMES", (*lab_tls.LAB_HOST_NAMES, "new.localhost"))
    second = lab_tls.ensure_lab_certificates(tmp_path)
    assert second.ca_file.read_bytes() == ca
    assert second.cert_file.read_bytes() != cert
    names = subprocess.run(
        ["openssl", "x509", "-noout", "-ext", "subjectAltName", "-in", str(second.cert_file)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "DNS:new.localhost" in names


def test_mkcert_install_trusts_the_ca_in_chromiums_nss_database_and_uninstall_removes_it(
    tmp_path, monkeypatch
):
    tls = lab_tls.ensure_lab_certificates(tmp_path / "tls")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TRUST_STORES", "nss")  # this HOME's NSS database only
    report = lab_tls.install_ca(tls)
    assert "installed in the Firefox and/or Chrome/Chromium trust store" in report
    nss_db = home / ".pki" / "nssdb"
    assert NSS_NICKNAME_OF_MKCERT in nss_nicknames(nss_db)
    done = subprocess.run(lab_tls.uninstall_command(tls), shell=True, capture_output=True,
                          text=True, env={**lab_tls.mkcert_env(tls.ca_root)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert NSS_NICKNAME_OF_MKCERT not in nss_nicknames(nss_db)


def test_without_mkcert_the_message_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no mkcert on it
    with pytest.raises(lab_tls.TlsUnavailable, match="apt-get install -y mkcert"):
        lab_tls.ensure_lab_certificates(tmp_path / "tls")
