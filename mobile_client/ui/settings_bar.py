"""Server address and authentication mode; locked while signed in (log out to change them)."""

from ..apiclient import MODES
from .kv_loader import load_kv_beside
from .widgets import Panel

load_kv_beside(__file__)


class SettingsBar(Panel):
    modes = MODES
