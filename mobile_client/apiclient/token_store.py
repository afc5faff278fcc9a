"""Keeps the refresh token in one file only its owner can read (mode 0600)."""

import os
from pathlib import Path

FILE_NAME = "refresh_token"


class RefreshTokenStore:
    """A refresh token on disk under `directory`; the access token never comes here."""

    def __init__(self, directory: str | os.PathLike):
        self.path = Path(directory) / FILE_NAME

    def load(self) -> str | None:
        try:
            token = self.path.read_text(encoding="ascii").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        return token or None

    def save(self, token: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        # Created with 0600 from the first byte: a chmod after writing would leave a window
        # in which the umask decides who can read the token.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(token)
        os.chmod(temporary, 0o600)
        os.replace(temporary, self.path)  # atomic: a crash never leaves half a token

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
