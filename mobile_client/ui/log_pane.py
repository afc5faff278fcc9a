"""Every request and response, like a browser's network inspector: a list and the details."""

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label

from . import theme
from .kv_loader import load_kv_beside
from .widgets import Panel


class LogRow(ButtonBehavior, Label):
    """One line of the log; tapping it shows that exchange in the detail view."""

    index = NumericProperty(0)
    kind = StringProperty("ok")
    selected = BooleanProperty(False)
    kind_colors = theme.LOG_KIND_COLORS

    def on_release(self) -> None:
        App.get_running_app().root.ids.log_pane.select(self.index)


class LogPane(Panel):
    entries = ListProperty()  # bound to the controller's log_entries in root.kv
    selected_index = NumericProperty(-1)  # -1 follows the newest entry
    detail_text = StringProperty("")

    def on_entries(self, _pane, entries) -> None:
        self.selected_index = -1
        self._show_detail()
        Clock.schedule_once(self._scroll_to_newest)  # once the list has laid out its rows

    def _scroll_to_newest(self, _dt) -> None:
        entry_list = self.ids.entry_list
        if entry_list.layout_manager.height > entry_list.height:
            entry_list.scroll_y = 0  # newest at the bottom, in view

    def select(self, index: int) -> None:
        self.selected_index = index
        self._show_detail()

    def rows(self, entries, selected_index) -> list[dict]:
        newest = len(entries) - 1
        current = newest if selected_index < 0 else selected_index
        return [
            {"text": entry.summary, "kind": entry.kind, "index": i, "selected": i == current}
            for i, entry in enumerate(entries)
        ]

    def _show_detail(self) -> None:
        if not self.entries:
            self.detail_text = ""
            return
        index = self.selected_index if 0 <= self.selected_index < len(self.entries) else -1
        self.detail_text = self.entries[index].detail
        Clock.schedule_once(self._show_detail_from_the_top)

    def _show_detail_from_the_top(self, _dt) -> None:
        self.ids.detail.cursor = (0, 0)  # the request line first, not the end of the body


load_kv_beside(__file__)
