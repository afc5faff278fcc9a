"""`make demo`: migrate, prune, seed, then run the API and the web client until Ctrl-C.

The API answers on http://api.localhost:8000 (and api.lab.localhost, 127.0.0.1); the web
client runs on a different site, http://app.localhost:5173 (and app.lab.localhost).
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
API_PORT = 8000
WEB_PORT = 5173


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO_ROOT, check=True)


def start(command: list[str]) -> subprocess.Popen:
    # A new process group, so that Ctrl-C reaches us once and we stop the children in order.
    return subprocess.Popen(command, cwd=REPO_ROOT, start_new_session=True)


def wait_for(url: str, process: subprocess.Popen, timeout: float = 30.0) -> bool:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
                return response.status == 200
        except OSError:
            time.sleep(0.2)
    return False


def port_in_use(port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def stop_on_signals() -> None:
    """Ctrl-C and `kill` both end the demo cleanly, even where SIGINT was inherited ignored."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def main() -> int:
    stop_on_signals()
    busy = [port for port in (API_PORT, WEB_PORT) if port_in_use(port)]
    if busy:
        print(
            f"Port(s) {', '.join(map(str, busy))} already in use on 127.0.0.1 — is another "
            "`make demo` or `make cluster` running? Stop it and try again.",
            file=sys.stderr,
        )
        return 1
    step("migrating the database (SQLite file db.sqlite3 unless DATABASE_URL is set)")
    manage("migrate", "--no-input", "-v", "0")
    step("pruning expired sessions and refresh tokens (manage.py prune_auth_state)")
    manage("prune_auth_state")
    step("seeding demo users")
    manage("seed_demo_users")
    processes = []
    step(f"starting the API on port {API_PORT}")
    # fmt: off
    api = start(
        [
            sys.executable, "-m", "gunicorn", "backend.config.wsgi",
            "--bind", f"127.0.0.1:{API_PORT}", "--bind", f"[::1]:{API_PORT}",
            "--workers", "1", "--threads", "8", "--worker-class", "gthread",
            "--access-logfile", "-",
        ]
    )
    # fmt: on
    processes.append(api)
    web_server = REPO_ROOT / "web_client" / "server.py"
    if web_server.exists():
        step(f"starting the web client on port {WEB_PORT}")
        web = [
            sys.executable,
            str(web_server),
            "--port",
            str(WEB_PORT),
            "--api-port",
            str(API_PORT),
        ]
        processes.append(start(web))
    try:
        if not wait_for(f"http://127.0.0.1:{API_PORT}/api/health/", api):
            print("The API did not start; see the messages above.", file=sys.stderr)
            return 1
        print(
            "\nSession vs Token Lab is running. Open in Chromium or Firefox:\n"
            f"  cross-site      http://app.localhost:{WEB_PORT}/       (page, API: two sites)\n"
            f"  same-site       http://app.lab.localhost:{WEB_PORT}/   (two origins, one site)\n"
            f"  same-origin     http://api.localhost:{API_PORT}/app/   (served by the API itself)\n"
            f"  API             http://api.localhost:{API_PORT}/api/health/  "
            f"(also api.lab.localhost, 127.0.0.1)\n"
            f"  API docs        http://api.localhost:{API_PORT}/api/docs/\n"
            "Log in as alice or bob with the password printed above. Ctrl-C stops everything.\n",
            flush=True,
        )
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        print("A server stopped; shutting the rest down.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
