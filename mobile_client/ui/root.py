"""The window's layout: settings on top, then the current screen beside the log pane."""

from kivy.app import App
from kivy.uix.boxlayout import BoxLayout

from . import log_pane, login_screen, notes_screen, settings_bar  # noqa: F401  (kv rules)
from .kv_loader import load_kv_beside

load_kv_beside(__file__)


class LabRoot(BoxLayout):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Bound here, not in root.kv: a kv `current:` rule runs before the screens exist.
        App.get_running_app().controller.bind(signed_in=self._show_screen)

    def _show_screen(self, _controller, signed_in: bool) -> None:
        self.ids.screens.current = "notes" if signed_in else "login"
