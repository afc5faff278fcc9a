"""Serve the web client on app.localhost (cross-site) and app.lab.localhost (same-site).

Usage: python web_client/server.py [--port 5173] [--api-port 8000] [--bind 127.0.0.1]
"""

import argparse
import json
import mimetypes
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

# Run as a script (python web_client/server.py), so its own folder is on sys.path.
from site_config import (
    MATRIX_HELPER_PARAM,
    PAGE_HOSTS,
    Settings,
    api_origin,
    client_config,
    page_asset,
    page_host,
    security_headers,
    settings_from_env,
)

ROOT = Path(__file__).resolve().parent
CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}


class WebClientHandler(BaseHTTPRequestHandler):
    server_version = "LabWebClient"
    protocol_version = "HTTP/1.1"  # keep-alive: a page load fetches a dozen modules
    settings: Settings  # set by make_server

    def do_GET(self):
        self._answer(send_body=True)

    def do_HEAD(self):
        self._answer(send_body=False)

    def _answer(self, send_body: bool):
        hostname = page_host(self.headers.get("Host"))
        if hostname is None:
            # 127.0.0.1 or localhost is neither topology (and not in the API's CORS allowlist).
            first = next(iter(PAGE_HOSTS))
            self._send(
                HTTPStatus.TEMPORARY_REDIRECT,
                b"",
                "text/plain",
                send_body,
                {"Location": f"http://{first}:{self.settings.port}/"},
                hostname=first,
            )
            return
        path, _, query = self.path.split("#", 1)[0].partition("?")
        matrix_helper = MATRIX_HELPER_PARAM in parse_qs(query, keep_blank_values=True)
        if path == "/config.json":
            body = json.dumps(client_config(hostname, self.settings)).encode()
            self._send(HTTPStatus.OK, body, "application/json", send_body, hostname=hostname)
            return
        file = self._public_file("/index.html" if path == "/" else path)
        if file is None:
            self._send(
                HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain", send_body, hostname=hostname
            )
            return
        content_type = CONTENT_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
        self._send(
            HTTPStatus.OK,
            file.read_bytes(),
            content_type or "application/octet-stream",
            send_body,
            hostname=hostname,
            matrix_helper=matrix_helper,
        )

    def _public_file(self, path: str) -> Path | None:
        relative = page_asset(path.removeprefix("/"))
        if relative is None:
            return None
        # The resolved file must still lie where the rule allowed it (no symlink escape).
        file = (ROOT / relative).resolve()
        if not file.is_relative_to(ROOT / relative.split("/", 1)[0]) or not file.is_file():
            return None
        return file

    def _send(
        self, status, body, content_type, send_body, extra=None, *, hostname, matrix_helper=False
    ):
        self.send_response(status)
        headers = {
            **security_headers(api_origin(hostname, self.settings), matrix_helper=matrix_helper),
            "Content-Type": f"{content_type}; charset=utf-8"
            if content_type.startswith(("text/", "application/json"))
            else content_type,
            "Content-Length": str(len(body)),
            # No stale scripts while editing, and config.json must follow the Host every time.
            "Cache-Control": "no-cache",
            **(extra or {}),
        }
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, message_format, *args):
        sys.stderr.write(f"web_client {self.address_string()} {message_format % args}\n")


def make_server(settings: Settings) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (WebClientHandler,), {"settings": settings})
    server = ThreadingHTTPServer((settings.bind, settings.port), handler)
    server.daemon_threads = True
    return server


def parse_settings(argv=None) -> Settings:
    defaults = settings_from_env()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=defaults.port)
    parser.add_argument("--api-port", type=int, default=defaults.api_port)
    parser.add_argument("--bind", default=defaults.bind)
    args = parser.parse_args(argv)
    return Settings(port=args.port, api_port=args.api_port, bind=args.bind)


def main(argv=None):
    settings = parse_settings(argv)
    server = make_server(settings)
    urls = ", ".join(f"http://{host}:{settings.port}/" for host in PAGE_HOSTS)
    print(f"Web client on {urls} (API port {settings.api_port})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
