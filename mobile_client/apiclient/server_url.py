"""Checks the server address a person typed and derives the origin the client speaks for.

This is the one place a server address enters the client, so it is where the cleartext rule
lives: Android's network_security_config.xml does not govern Python's `requests`, so plain
http:// is refused here for every host but this device and the emulator's host.
"""

import ipaddress
from urllib.parse import urlsplit

from .errors import InsecureServerUrl, InvalidServerUrl

EXAMPLE = "http://127.0.0.1:8000"
# Hosts reachable over plain http (the same as android/network_security_config.xml): this
# device's loopback, and 10.0.2.2, the Android emulator's alias for the development machine.
CLEARTEXT_NAMES = frozenset({"localhost", "10.0.2.2"})


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
    if parts.scheme == "http" and not cleartext_allowed(host):
        raise InsecureServerUrl(
            f"'{candidate}' uses plain http://, which this app allows only for this device "
            "(localhost, 127.0.0.1, [::1]) and the Android emulator's host (10.0.2.2): anyone "
            "on the network could read the passwords and tokens. Use "
            f"https://{candidate.split('://', 1)[1]} instead."
        )
    netloc = host if port is None else f"{host}:{port}"
    if ":" in host:  # an IPv6 literal keeps its brackets
        netloc = f"[{host}]" if port is None else f"[{host}]:{port}"
    return f"{parts.scheme}://{netloc}{parts.path.rstrip('/')}"


def cleartext_allowed(host: str) -> bool:
    """Whether plain http:// to `host` (a lower-case name or IP literal) is acceptable."""
    if host in CLEARTEXT_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin_of(server_url: str) -> str:
    """The `scheme://host[:port]` part of a normalized server URL."""
    parts = urlsplit(server_url)
    return f"{parts.scheme}://{parts.netloc}"
