"""The Kivy application: builds the controller with the app's private data directory."""

from kivy.app import App
from kivy.properties import ObjectProperty

from .controller import LabController


class SessionTokenLabApp(App):
    title = "Session vs Token Lab"
    controller = ObjectProperty(None, allownone=True)

    def build(self):
        # user_data_dir is private to the app on Android and under ~/.config on Linux.
        self.controller = LabController(token_dir=self.user_data_dir)
        from .root import LabRoot  # after the controller exists: the .kv rules bind to it

        return LabRoot()

    def on_start(self) -> None:
        self.controller.start()

    def on_stop(self) -> None:
        self.controller.worker.shutdown()
