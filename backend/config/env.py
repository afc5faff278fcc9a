"""The one module that reads the process environment; every other module asks it.

Defaults serve the embedded demo: SQLite, in-process caches, no server to install.
"""

import os
import socket
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

DEFAULT_SETTINGS_MODULE = "backend.config.settings.local"


class ImproperlyConfiguredEnv(Exception):
    """A required variable is missing or malformed."""


def set_default_settings_module(module: str = DEFAULT_SETTINGS_MODULE) -> None:
    """Point Django at our settings unless the caller already chose a module."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", module)


def string(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfiguredEnv(f"The environment variable {name} is required here.")
    return value


def required_integer(name: str) -> int:
    value = required(name)
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfiguredEnv(f"{name}={value!r} is not an integer.") from error


def boolean(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfiguredEnv(f"{name}={raw!r} is not a boolean (use 1/0, true/false).")


def integer(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfiguredEnv(f"{name}={raw!r} is not an integer.") from error


def string_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def dev_secret(name: str) -> str:
    """A random secret made once per checkout (in .dev-secrets/, git-ignored) for local use.

    A fixed development key in the source would let a token minted by any copy of this
    project verify on every other copy; production requires real values instead.
    """
    import secrets

    folder = REPO_ROOT / ".dev-secrets"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / name
    try:
        # O_EXCL: of several processes starting at once, one writes and the others read.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            value = path.read_text().strip()
            if value:
                return value
            import time

            time.sleep(0.02)
        raise ImproperlyConfiguredEnv(f"{path} is empty; delete it to make a new secret.") from None
    value = secrets.token_urlsafe(48)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(value)
    return value


def replica_name() -> str:
    """REPLICA_NAME, or host:pid so that every process of the lab is told apart."""
    return os.environ.get("REPLICA_NAME") or f"{socket.gethostname()}:{os.getpid()}"


def opaque_replica_id() -> str:
    """A random name for this process: tells replicas apart without naming the host."""
    import secrets

    return f"replica-{secrets.token_hex(6)}"
