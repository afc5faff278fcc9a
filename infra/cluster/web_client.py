"""The web client's own server (web_client/server.py), started beside the cluster as in `make demo`.

It serves the browser client on app.localhost (another site than the API) and
app.lab.localhost (the same site), pointed at the API behind nginx.
"""

import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from infra.cluster import processes
from infra.cluster.config import REPO_ROOT

SERVER_SCRIPT = REPO_ROOT / "web_client" / "server.py"


@dataclass
class WebClientServer:
    port: int
    process: subprocess.Popen

    @property
    def urls(self) -> list[str]:
        return [
            f"http://app.localhost:{self.port}/      (another site than the API)",
            f"http://app.lab.localhost:{self.port}/  (same site as api.lab.localhost)",
        ]

    @classmethod
    def start_if_present(
        cls, run_dir: Path, *, port: int, api_port: int, say: Callable[[str], None]
    ) -> "WebClientServer | None":
        if not SERVER_SCRIPT.exists():
            say(f"web client        {SERVER_SCRIPT.relative_to(REPO_ROOT)} not found; skipped")
            return None
        argv = [sys.executable, str(SERVER_SCRIPT), "--port", str(port)]
        argv += ["--api-port", str(api_port)]
        process = processes.start_ready(
            argv,
            log_path=run_dir / "web-client.log",
            ready=lambda: _listening(port),
            what=f"the web client server on port {port}",
        )
        say(f"web client        http://app.localhost:{port}/ (pid {process.pid})")
        return cls(port, process)

    def stop(self) -> None:
        processes.stop(self.process)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0
