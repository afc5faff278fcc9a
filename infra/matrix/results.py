"""One run of `make matrix`: the driver for the engine, the page's export with what the engine
and its setting were added under "harness", written to matrix-results/<engine>-<setting>.json
(<engine>-<setting>-https.json over https)."""

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from infra.config import REPO_ROOT
from infra.matrix import chromium, firefox, webkit
from infra.matrix.settings import CHROMIUM, FIREFOX, WEBKIT, setting
from web_client.site_config import HTTP, HTTPS

RESULTS_DIR = REPO_ROOT / "matrix-results"
DRIVERS = {CHROMIUM: chromium.run, FIREFOX: firefox.run, WEBKIT: webkit.run}


def result_path(engine: str, name: str, directory: Path = RESULTS_DIR, scheme: str = HTTP) -> Path:
    suffix = "" if scheme == HTTP else f"-{scheme}"
    return directory / f"{engine}-{name}{suffix}.json"


def run_matrix(engine: str, name: str, *, page_url: str, username: str, password: str,
               timeout: float, directory: Path = RESULTS_DIR, ca_file: Path | None = None,
               progress=print) -> tuple[Path, dict]:  # fmt: skip
    """Run the matrix once; (the JSON file written, what it holds). An https page needs
    `ca_file`, the CA the engine is made to trust for this run (infra/matrix/trust.py)."""
    chosen = setting(engine, name)
    scheme = urlsplit(page_url).scheme
    if (scheme == HTTPS) != (ca_file is not None):
        raise ValueError("an https page needs the lab's CA file, an http page none")
    started = datetime.now(UTC)
    clock = time.monotonic()
    exported, observed = DRIVERS[engine](chosen, page_url, username, password,
                                         timeout=timeout, progress=progress,
                                         ca_file=ca_file)  # fmt: skip
    exported["harness"] = {
        "engine": observed["engine"],
        "setting": chosen.name,
        "means": chosen.means,
        "options": observed.get("options", chosen.options),
        **({"why": chosen.why} if chosen.why else {}),
        "pageUrl": page_url,
        "scheme": scheme,
        **({"trust": observed["trust"]} if "trust" in observed else {}),
        "startedAt": started.isoformat(timespec="seconds"),
        "durationSeconds": round(time.monotonic() - clock, 1),
        "evidence": observed["evidence"],
    }
    directory.mkdir(parents=True, exist_ok=True)
    path = result_path(engine, name, directory, scheme)
    path.write_text(json.dumps(exported, indent=2) + "\n")
    return path, exported
