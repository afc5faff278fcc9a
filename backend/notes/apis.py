"""Notes over either credential: list/create and retrieve/update/delete."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.authentication.selectors import account_row_required
from backend.common.fields import StrictCharField
from backend.common.headers import IDEMPOTENT_REPLAYED, RETRY_AFTER
from backend.common.schema import error_response
from backend.notes.idempotency import (
    HEADER,
    SF_STRING_PATTERN,
    parse_key,
)
from backend.notes.models import IDEMPOTENCY_KEY_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Note
from backend.notes.selectors import note_get, note_list
from backend.notes.services import note_create, note_create_once, note_delete, note_update


class NoteOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ["id", "title", "text", "created_at", "updated_at"]


class NoteInputSerializer(serializers.Serializer):
    # Only these fields are read: an `owner` or `id` in the body is ignored. Stored as sent,
    # untrimmed, so the limits count what the schema counts (DRF would trim, then measure).
    title = StrictCharField(max_length=TITLE_MAX_LENGTH, trim_whitespace=False)
    text = StrictCharField(
        max_length=TEXT_MAX_LENGTH, allow_blank=True, required=False, trim_whitespace=False
    )


IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    pattern=SF_STRING_PATTERN,
    description=(
        "Optional (IETF httpapi Idempotency-Key draft). A quoted string of 1-"
        f"{IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (RFC 8941 sf-string), e.g. "
        '"8e03978e-40d5-43e8-bc93-6894a57f9324"; one new random key per note. Repeating the '
        "request with the same key and body returns the first answer (status and body) "
        "instead of creating the note again, for "
        f"{settings.IDEMPOTENCY_RETENTION_SECONDS // 3600} h per user; the same key with another "
        "body is a 422, and a repeat while the first request "
        "still runs is a 409 with Retry-After; a malformed key is a 400. Without the header "
        "every POST creates a note."
    ),
)
REPLAYED_PARAMETER = OpenApiParameter(
    IDEMPOTENT_REPLAYED,
    str,
    OpenApiParameter.HEADER,
    enum=["true"],
    response=[201],
    description="Present when this answer is the stored answer to an earlier request.",
)
RETRY_AFTER_PARAMETER = OpenApiParameter(
    RETRY_AFTER,
    {"type": "integer", "minimum": 1},
    OpenApiParameter.HEADER,
    required=True,
    response=[409],
    description="Seconds after which a repeat gets the first request's answer.",
)


class NoteCollectionApi(APIView):
    @extend_schema(responses=NoteOutputSerializer(many=True))
    def get(self, request):
        notes = note_list(owner_id=request.user.id)
        return Response(NoteOutputSerializer(notes, many=True).data)

    @extend_schema(
        request=NoteInputSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER, REPLAYED_PARAMETER, RETRY_AFTER_PARAMETER],
        responses={
            201: NoteOutputSerializer,
            409: error_response("A request with this Idempotency-Key is still being processed."),
            422: error_response("This Idempotency-Key was already used with a different body."),
        },
    )
    def post(self, request):
        account_row_required(user=request.user)
        key = parse_key(request.headers.get(HEADER))
        serializer = NoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if key is None:
            note = note_create(owner_id=request.user.id, **serializer.validated_data)
            return Response(NoteOutputSerializer(note).data, status=201)
        answer = note_create_once(
            owner_id=request.user.id,
            key=key,
            render=lambda note: NoteOutputSerializer(note).data,
            **serializer.validated_data,
        )
        response = Response(answer.body, status=answer.status)
        if answer.replayed:
            response[IDEMPOTENT_REPLAYED] = "true"
        return response


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
