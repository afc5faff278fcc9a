from django.urls import path

from backend.notes.apis import NoteCollectionApi, NoteDetailApi

urlpatterns = [
    path("", NoteCollectionApi.as_view(), name="note-collection"),
    path("<int:note_id>/", NoteDetailApi.as_view(), name="note-detail"),
]
