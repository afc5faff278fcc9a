"""The embedded demo: SQLite, in-process caches, plain http on *.localhost names."""

from backend.config.settings.base import *  # noqa: F403
