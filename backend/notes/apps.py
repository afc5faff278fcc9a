from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "backend.notes"
    label = "notes"
