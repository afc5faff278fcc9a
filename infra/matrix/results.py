"""One run of `make matrix`: the driver for the engine, the page's export with what the engine
and its setting were added under "harness", written to matrix-results/<engine>-<setting>.json."""

import json
import time
from datetime import UTC, datetime
from pathlib import Path

from infra.config import REPO_ROOT
from infra.matrix import chromium, firefox, webkit
from infra.matrix.settings import CHROMIUM, FIREFOX, WEBKIT, setting

RESULTS_DIR = REPO_ROOT / "matrix-results"
DRIVERS = {CHROMIUM: chromium.run, FIREFOX: firefox.run, WEBKIT: webkit.run}


def result_path(engine: str, name: str, directory: Path = RESULTS_DIR) -> Path:
    return directory / f"{engine}-{name}.json"


def run_matrix(engine: str, name: str, *, page_url: str, username: str, password: str,
               timeout: float, directory: Path = RESULTS_DIR,
               progress=print) -> tuple[Path, dict]:  # fmt: skip
    """Run the matrix once; (the JSON file written, what it holds)."""
    chosen = setting(engine, name)
    started = datetime.now(UTC)
    clock = time.monotonic()
    exported, observed = DRIVERS[engine](chosen, page_url, username, password,
                                         timeout=timeout, progress=progress)  # fmt: skip
    exported["harness"] = {
        "engine": observed["engine"],
        "setting": chosen.name,
        "means": chosen.means,
        "options": observed.get("options", chosen.options),
        **({"why": chosen.why} if chosen.why else {}),
        "pageUrl": page_url,
        "startedAt": started.isoformat(timespec="seconds"),
        "durationSeconds": round(time.monotonic() - clock, 1),
        "evidence": observed["evidence"],
    }
    directory.mkdir(parents=True, exist_ok=True)
    path = result_path(engine, name, directory)
    path.write_text(json.dumps(exported, indent=2) + "\n")
    return path, exported
