"""HTTP requests sent byte for byte, the way an attacker's tool sends them.

`requests` and browsers remove dot segments (`/a/../b` becomes `/b`) before sending, so a test
that uses them never shows what a server does with a raw `..`; `curl --path-as-is` and
attackers don't clean paths up.
"""

import socket
from dataclasses import dataclass


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes


def raw_get(port: int, path: str, host: str, *, timeout: float = 5.0) -> RawResponse:
    """Send `GET <path>` exactly as given to 127.0.0.1:`port` with `Host: host:port`."""
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n").encode(
        "latin-1"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawResponse(int(status_line.split()[1]), headers, body)
