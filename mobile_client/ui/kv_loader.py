"""Loads the .kv file that sits beside a screen's .py module."""

from pathlib import Path

from kivy.lang import Builder


def load_kv_beside(module_file: str) -> None:
    """Load `<module>.kv` once, however often the module is imported or reloaded."""
    path = str(Path(module_file).with_suffix(".kv"))
    if path not in Builder.files:
        Builder.load_file(path)
