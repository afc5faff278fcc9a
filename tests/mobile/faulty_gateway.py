"""A gateway in front of the real API that loses answers the way a dying replica does.

Each request is forwarded to the API unchanged; `plan(method, path)` says what the client then
gets: the API's answer ("pass"), a 502 instead of it ("lose"), or the connection closed with no
answer at all ("drop"). Either way the API did its work: the client cannot know the note exists.
"""

import http.server
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import requests

PASS, LOSE, DROP = "pass", "lose", "drop"
# Not passed on: they describe one connection, not the message. Host is kept, so the API sees
# the address the client used (its CSRF check compares Origin with it).
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


@dataclass
class Gateway:
    url: str
    # (method, path, Idempotency-Key or None) of every request, in order.
    seen: list[tuple[str, str, str | None]] = field(default_factory=list)


@contextmanager
def faulty_gateway(api_url: str, plan: Callable[[str, str], str]) -> Iterator[Gateway]:
    gateway = Gateway("")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            gateway.seen.append((self.command, self.path, self.headers.get("Idempotency-Key")))
            answer = requests.request(
                self.command, api_url + self.path, headers=headers, data=body, timeout=10
            )
            fate = plan(self.command, self.path)
            if fate == DROP:
                self.close_connection = True
                return
            status, content = (answer.status_code, answer.content) if fate == PASS else (502, b"")
            self.send_response(status)
            # raw headers: one Set-Cookie per cookie, as the API sent them
            for name, value in answer.raw.headers.items() if fate == PASS else []:
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_DELETE = _forward

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
