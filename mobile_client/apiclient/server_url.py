"""Checks the server address a person typed and derives the origin the client speaks for."""

from urllib.parse import urlsplit

from .errors import InvalidServerUrl

EXAMPLE = "http://127.0.0.1:8000"


def normalize_server_url(text: str) -> str:
    """Return `text` as `scheme://host[:port][/prefix]` without a trailing slash, or raise."""
    candidate = (text or "").strip()
    hint = f"Use the form http://host:port, for example {EXAMPLE}."
    if not candidate:
        raise InvalidServerUrl(f"The server address is empty. {hint}")
    parts = urlsplit(candidate)
    if parts.scheme not in ("http", "https"):
        raise InvalidServerUrl(f"'{candidate}' does not start with http:// or https://. {hint}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise InvalidServerUrl(f"'{candidate}' has an invalid port. {hint}") from None
    if not host or any(c.isspace() for c in candidate):
        raise InvalidServerUrl(f"'{candidate}' has no usable host name. {hint}")
    if parts.query or parts.fragment or parts.username:
        raise InvalidServerUrl(f"'{candidate}' should be only scheme, host and port. {hint}")
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host:  # an IPv6 literal keeps its brackets
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    return f"{parts.scheme}://{netloc}{parts.path.rstrip('/')}"


def origin_of(server_url: str) -> str:
    """The `scheme://host[:port]` part of a normalized server URL."""
    parts = urlsplit(server_url)
    return f"{parts.scheme}://{parts.netloc}"
