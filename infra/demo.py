"""`make demo`: migrate, prune, seed, then run the API and the web client until Ctrl-C.

The API answers on http://api.localhost:8000 (and api.lab.localhost, 127.0.0.1); the web
client runs on a different site, http://app.localhost:5173 (and app.lab.localhost).
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_API_PORT = 8000
DEFAULT_WEB_PORT = 5173


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO_ROOT, check=True, env=env)


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    # A new process group, so that Ctrl-C reaches us once and we stop the children in order.
    return subprocess.Popen(command, cwd=REPO_ROOT, start_new_session=True, env=env)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-port", type=int, default=DEFAULT_API_PORT)
    parser.add_argument("--web-port", type=int, default=DEFAULT_WEB_PORT)
    return parser.parse_args(argv)


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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    api_port, web_port = args.api_port, args.web_port
    # The API derives its CORS allowlist from the web client's port.
    env = {**os.environ, "api_port": str(api_port), "WEB_CLIENT_PORT": str(web_port)}
    stop_on_signals()
    busy = [port for port in (api_port, web_port) if port_in_use(port)]
    if busy:
        print(
            f"Port(s) {', '.join(map(str, busy))} already in use on 127.0.0.1 — is another "
            "`make demo` or `make cluster` running? Stop it and try again.",
            file=sys.stderr,
        )
        return 1
    step("migrating the database (SQLite file db.sqlite3 unless DATABASE_URL is set)")
    manage("migrate", "--no-input", "-v", "0", env=env)
    step("pruning expired sessions, refresh tokens and Idempotency-Key records (prune_auth_state)")
    manage("prune_auth_state", env=env)
    step("seeding demo users")
    manage("seed_demo_users", env=env)
    processes = []
    step(f"starting the API on port {api_port}")
    # fmt: off
    api = start(
        [
            sys.executable, "-m", "gunicorn", "backend.config.wsgi",
            "--bind", f"127.0.0.1:{api_port}", "--bind", f"[::1]:{api_port}",
            "--workers", "1", "--threads", "8", "--worker-class", "gthread",
            "--access-logfile", "-",
        ],
        env,
    )
    # fmt: on
    processes.append(api)
    web_server = REPO_ROOT / "web_client" / "server.py"
    if web_server.exists():
        step(f"starting the web client on port {web_port}")
        web = [sys.executable, str(web_server), "--port", str(web_port)]
        processes.append(start([*web, "--api-port", str(api_port)], env))
    try:
        if not wait_for(f"http://127.0.0.1:{api_port}/api/health/", api):
            print("The API did not start; see the messages above.", file=sys.stderr)
            return 1
        print(
            "\nSession vs Token Lab is running. Open in Chromium or Firefox:\n"
            f"  cross-site      http://app.localhost:{web_port}/       (page, API: two sites)\n"
            f"  same-site       http://app.lab.localhost:{web_port}/   (two origins, one site)\n"
            f"  same-origin     http://api.localhost:{api_port}/app/   (served by the API itself)\n"
            f"  API             http://api.localhost:{api_port}/api/health/  "
            f"(also api.lab.localhost, 127.0.0.1)\n"
            f"  API docs        http://api.localhost:{api_port}/api/docs/\n"
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
