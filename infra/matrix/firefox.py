"""The matrix in Firefox ESR over WebDriver BiDi: puppeteer-core runs firefox_walk.mjs (the
walk plus the engine's own evidence), this module chooses the prefs and reads back the result.

Puppeteer and Firefox's remote agent both write prefs of their own (the remote agent turns the
popup blocker off, for one). The prefs that decide this lab's outcomes are therefore pinned in
the profile's user.js to the value the setting names, or to the build's own default read from
the build's omni.ja, and the value Firefox saved in the profile's prefs.js is read back after
the run.
"""

import json
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

from backend.authentication.cookie_names import cookie_names
from infra.config import inherited_environment
from infra.matrix import trust
from infra.matrix.settings import FIREFOX_COOKIE_BEHAVIOR, FIREFOX_EXECUTABLE, Setting

HERE = Path(__file__).resolve().parent
WALK_SCRIPT = HERE / "firefox_walk.mjs"
PUPPETEER = HERE / "node_modules" / "puppeteer-core"
# The browser's own defaults (browser/app/profile/firefox.js, shipped inside omni.ja).
BROWSER_OMNI = Path(FIREFOX_EXECUTABLE).resolve().parent / "browser" / "omni.ja"
BROWSER_DEFAULTS = "defaults/preferences/firefox.js"
# On by default; puppeteer and the remote agent turn it off. A person's Firefox has it on.
POPUP_BLOCKER = "dom.disable_open_during_load"
PINNED_TO_BUILD_DEFAULT = (FIREFOX_COOKIE_BEHAVIOR, POPUP_BLOCKER)
# How long node may take beyond the walk's own bound (launch, evidence, shutdown).
NODE_GRACE_S = 90.0


def build_default(pref: str, omni: Path = BROWSER_OMNI) -> int | bool | str:
    """The value `pref` has in this build's browser defaults (not in a profile)."""
    text = zipfile.ZipFile(omni).read(BROWSER_DEFAULTS).decode()
    found = re.search(rf'^pref\("{re.escape(pref)}",\s*(.+?)\);', text, re.MULTILINE)
    if found is None:
        raise RuntimeError(f"{pref} has no default in {omni}!{BROWSER_DEFAULTS}")
    return json.loads(found.group(1))


def saved_pref(profile: Path, pref: str):
    """The value Firefox wrote for `pref` into the profile's prefs.js at shutdown, or None."""
    path = profile / "prefs.js"
    text = path.read_text() if path.exists() else ""
    found = re.search(rf'^user_pref\("{re.escape(pref)}",\s*(.+?)\);', text, re.MULTILINE)
    return json.loads(found.group(1)) if found else None


def prefs_for(setting: Setting) -> dict:
    """Every pref this run pins, with the setting's own value where it names one."""
    prefs = {pref: build_default(pref) for pref in PINNED_TO_BUILD_DEFAULT}
    prefs.update({k: v for k, v in setting.options.items() if v is not None})
    return prefs


def ensure_puppeteer() -> None:
    """Install package-lock.json's puppeteer-core (no browser download) if it is missing."""
    if PUPPETEER.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to install puppeteer-core (infra/matrix/package.json)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, timeout=300,
                   env={**inherited_environment(), "PUPPETEER_SKIP_DOWNLOAD": "1"})  # fmt: skip


def _forward(stream, progress) -> None:
    for line in stream:
        progress(line.rstrip("\n"))


def run(setting: Setting, page_url: str, username: str, password: str, *, timeout: float,
        progress, ca_file: Path | None = None) -> tuple[dict, dict]:  # fmt: skip
    """(the page's export, what the engine was and its evidence) for one run; over https, the
    profile trusts `ca_file`."""
    ensure_puppeteer()
    prefs = prefs_for(setting)
    with tempfile.TemporaryDirectory(prefix="lab-matrix-firefox-") as folder:
        profile, out = Path(folder) / "profile", Path(folder) / "result.json"
        profile.mkdir()
        if ca_file is not None:
            trust.firefox_profile(ca_file, profile)
        csrf_cookie = cookie_names(https=ca_file is not None).csrf
        job = {"pageUrl": page_url, "username": username, "password": password,
               "timeoutMs": int(timeout * 1000), "prefs": prefs, "profileDir": str(profile),
               "executablePath": FIREFOX_EXECUTABLE, "resultPath": str(out),
               "csrfCookie": csrf_cookie}  # fmt: skip
        node = subprocess.Popen(
            ["node", str(WALK_SCRIPT)], cwd=HERE, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env=inherited_environment(),
        )  # fmt: skip
        reader = threading.Thread(target=_forward, args=(node.stdout, progress), daemon=True)
        reader.start()
        node.stdin.write(json.dumps(job))  # the password never goes into argv
        node.stdin.close()
        try:
            node.wait(timeout=timeout + NODE_GRACE_S)
        except subprocess.TimeoutExpired:
            node.kill()
            node.wait()
            raise RuntimeError("the Firefox walk did not end in time") from None
        reader.join(timeout=5)
        if node.returncode != 0 or not out.exists():
            raise RuntimeError(f"the Firefox walk failed (node exit {node.returncode})")
        done = json.loads(out.read_text())
        saved = {pref: saved_pref(profile, pref) for pref in prefs}
    engine = {
        "name": "Firefox",
        "version": done["version"].rpartition("/")[2],  # BiDi says "firefox/153.8.0"
        "executable": FIREFOX_EXECUTABLE,
        "driver": "puppeteer-core over WebDriver BiDi",
        "popupBlocker": done["popupBlocker"],
    }
    options = {
        "prefs": prefs,
        "buildDefaults": {pref: build_default(pref) for pref in prefs},
        "savedInProfile": saved,
    }
    observed = {"engine": engine, "options": options, "evidence": done["evidence"]}
    if ca_file is not None:
        observed["trust"] = f"{ca_file} in the NSS database of the launched profile"
    return done["export"], observed
