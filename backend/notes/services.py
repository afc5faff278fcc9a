"""Writes of notes. Owners are ids, so the stateless JWT user (no database row) works too."""

from backend.notes.models import Note


def note_create(*, owner_id, title: str, text: str = "") -> Note:
    return Note.objects.create(owner_id=owner_id, title=title, text=text)


def note_update(*, note: Note, **fields) -> Note:
    for name, value in fields.items():
        setattr(note, name, value)
    note.save(update_fields=[*fields, "updated_at"])
    return note


def note_delete(*, note: Note) -> None:
    note.delete()
