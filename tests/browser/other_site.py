"""A real server on a site the lab does not trust (evil.localhost), recording every request.

It answers /collect to anyone (Access-Control-Allow-Origin: *), so only a page's own
Content-Security-Policy can stop a fetch there, and it serves the attacker's pages: a plain page
with no CSP, and one that opens a lab page as a window and posts it a matrix run.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.live_api import free_port

HOST = "evil.localhost"
PLAIN_PAGE = b"<!doctype html><title>elsewhere</title><p>A page with no CSP.</p>"
# Opens the address in ?target= as a window (inside the click, as a popup blocker wants) and
# posts it a well-formed run with the attacker's own account, to any origin ("*").
OPENER_PAGE = b"""<!doctype html><title>win a prize</title>
<button id="open">Open</button> <button id="send">Send</button>
<script>
  const query = new URLSearchParams(location.search);
  let target = null;
  document.getElementById("open").addEventListener("click", () => {
    target = window.open(query.get("target"), "prize", "popup");
  });
  document.getElementById("send").addEventListener("click", () => {
    const run = { type: "lab-matrix:run", runId: "evil", username: "bob" };
    target.postMessage({ ...run, password: query.get("password") }, "*");
  });
  window.targetHandle = () => (target === null ? "none" : target.closed ? "severed" : "kept");
</script>"""
PAGES = {"/": PLAIN_PAGE, "/opener.html": OPENER_PAGE}


@dataclass
class OtherSite:
    port: int
    requests: list[str] = field(default_factory=list)

    def url(self, path: str, host: str = HOST) -> str:
        return f"http://{host}:{self.port}{path}"


@contextmanager
def serve_other_site() -> Iterator[OtherSite]:
    site = OtherSite(port=free_port())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            site.requests.append(self.path)
            path = self.path.split("?", 1)[0]
            if path == "/collect":
                self._answer(b'{"collected": true}', "application/json")
            elif path in PAGES:
                self._answer(PAGES[path], "text/html")
            else:
                self.send_error(404)

        def _answer(self, body: bytes, content_type: str):
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", site.port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
