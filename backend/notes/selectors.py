"""Reads of notes; always scoped to an owner, so another user's note is simply not found."""

from django.db.models import QuerySet
from django.http import Http404

from backend.notes.models import Note

# Ids are 64-bit; a larger number in the URL cannot name a note (and would overflow SQLite).
MAX_NOTE_ID = 2**63 - 1


def note_list(*, owner_id) -> QuerySet[Note]:
    return Note.objects.filter(owner_id=owner_id)


def note_get(*, owner_id, note_id: int) -> Note:
    """The owner's note, or 404: existence of other users' notes is not revealed."""
    if note_id > MAX_NOTE_ID:
        raise Http404("No note with this id.")
    try:
        return note_list(owner_id=owner_id).get(pk=note_id)
    except Note.DoesNotExist as error:
        raise Http404("No note with this id.") from error
