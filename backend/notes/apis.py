"""Notes over either credential: list/create and retrieve/update/delete."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.notes.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Note
from backend.notes.selectors import note_get, note_list
from backend.notes.services import note_create, note_delete, note_update


class NoteOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ["id", "title", "text", "created_at", "updated_at"]


class NoteInputSerializer(serializers.Serializer):
    # Only these fields are read: an `owner` or `id` in the body is ignored.
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH, allow_blank=True, required=False)


class NoteCollectionApi(APIView):
    @extend_schema(responses=NoteOutputSerializer(many=True))
    def get(self, request):
        notes = note_list(owner_id=request.user.id)
        return Response(NoteOutputSerializer(notes, many=True).data)

    @extend_schema(request=NoteInputSerializer, responses={201: NoteOutputSerializer})
    def post(self, request):
        serializer = NoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = note_create(owner_id=request.user.id, **serializer.validated_data)
        return Response(NoteOutputSerializer(note).data, status=201)


class NoteDetailApi(APIView):
    @extend_schema(responses=NoteOutputSerializer)
    def get(self, request, note_id: int):
        note = note_get(owner_id=request.user.id, note_id=note_id)
        return Response(NoteOutputSerializer(note).data)

    @extend_schema(request=NoteInputSerializer, responses=NoteOutputSerializer)
    def put(self, request, note_id: int):
        return self._update(request, note_id, partial=False)

    @extend_schema(request=NoteInputSerializer, responses=NoteOutputSerializer)
    def patch(self, request, note_id: int):
        return self._update(request, note_id, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request, note_id: int):
        note_delete(note=note_get(owner_id=request.user.id, note_id=note_id))
        return Response(status=204)

    def _update(self, request, note_id: int, *, partial: bool):
        note = note_get(owner_id=request.user.id, note_id=note_id)
        serializer = NoteInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        note = note_update(note=note, **serializer.validated_data)
        return Response(NoteOutputSerializer(note).data)
