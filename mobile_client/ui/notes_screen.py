"""Signed-in screen: who I am, token claims, the notes list, a draft for a new note, logout."""

from kivy.app import App
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from . import claims_panel  # noqa: F401  (registers ClaimsPanel for the .kv file)
from .kv_loader import load_kv_beside


class NoteRow(BoxLayout):
    """One note in the list; its Delete button forwards to the controller."""

    note_id = NumericProperty(0)
    title = StringProperty("")
    body = StringProperty("")

    def request_delete(self) -> None:
        App.get_running_app().controller.delete_note(self.note_id)


class NotesScreen(Screen):
    """The draft's fields are bound to the controller, which keeps them across sign-ins."""

    @staticmethod
    def rows(notes: list[dict]) -> list[dict]:
        """RecycleView data for the notes list."""
        return [
            {
                "note_id": note["id"],
                "title": note.get("title", ""),
                "body": " ".join(note.get("text", "").split()),  # one line in the list
            }
            for note in notes
        ]


load_kv_beside(__file__)
