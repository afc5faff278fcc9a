"""Writes of notes. Owners are ids, so the stateless JWT user (no database row) works too."""

import contextlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from backend.notes.idempotency import (
    IdempotencyKeyInProgress,
    IdempotencyKeyReused,
    fingerprint,
)
from backend.notes.models import IdempotencyRecord, Note

NOTE_CREATE = "notes.create"
CREATED = 201
# Rounds of look-then-write before answering 409: each lost race means another request holds
# the key right now, so a few rounds settle every case but endless contention.
CLAIM_ROUNDS = 3


def note_create(*, owner_id, title: str, text: str = "") -> Note:
    return Note.objects.create(owner_id=owner_id, title=title, text=text)


def note_update(*, note: Note, **fields) -> Note:
    for name, value in fields.items():
        setattr(note, name, value)
    note.save(update_fields=[*fields, "updated_at"])
    return note


def note_delete(*, note: Note) -> None:
    note.delete()


@dataclass(frozen=True)
class StoredResponse:
    """What to answer: the status and body of the first request that carried the key."""

    status: int
    body: dict
    replayed: bool


@dataclass(frozen=True)
class _Claim:
    record_id: int
    token: str


def note_create_once(
    *, owner_id, key: str, render: Callable[[Note], dict], title: str, text: str = ""
) -> StoredResponse:
    """Create the note once per (owner, key); a repeat gets the first answer back.

    Two transactions. The first commits a claim on the key, which every replica sees, so a
    repeat meanwhile is a 409. The second creates the note and stores `render(note)` as the
    answer, and commits only if the claim is still ours: a process killed before that commit
    leaves no note (the repeat creates it after the lease), one killed after it leaves both
    (the repeat replays), and a request whose claim was taken over rolls its note back.
    """
    fields = {"title": title, "text": text}
    claim = _claim(owner_id=owner_id, key=key, fingerprint=fingerprint(NOTE_CREATE, fields))
    if isinstance(claim, StoredResponse):
        return claim
    try:
        with transaction.atomic():
            note = note_create(owner_id=owner_id, **fields)
            body = render(note)
            finished = IdempotencyRecord.objects.filter(
                pk=claim.record_id, lease_token=claim.token
            ).update(response_status=CREATED, response_body=json.dumps(body, cls=DjangoJSONEncoder))
            if not finished:
                raise IdempotencyKeyInProgress()  # taken over: the other request answers
    except Exception:
        _release(claim)
        raise
    return StoredResponse(CREATED, body, replayed=False)


def idempotency_records_prune() -> int:
    """Delete the records whose retention has passed; returns how many."""
    deleted, _ = IdempotencyRecord.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def _claim(*, owner_id, key: str, fingerprint: str) -> _Claim | StoredResponse:
    """Our claim on the key, the stored answer to replay, or a 409/422."""
    for _ in range(CLAIM_ROUNDS):
        now = timezone.now()
        # Read before writing: on SQLite a write waits for the database lock, which the first
        # request may hold while it creates the note; a read does not (WAL), so it can say 409.
        record = IdempotencyRecord.objects.filter(
            owner_id=owner_id, key=key, expires_at__gt=now
        ).first()
        if record is None:
            claim = _insert(owner_id=owner_id, key=key, fingerprint=fingerprint, now=now)
        elif record.fingerprint != fingerprint:
            raise IdempotencyKeyReused()
        elif record.response_status is not None:
            body = json.loads(record.response_body)
            return StoredResponse(record.response_status, body, replayed=True)
        elif record.lease_expires_at > now:
            raise IdempotencyKeyInProgress(until=record.lease_expires_at)
        else:
            claim = _take_over(record, now=now)
        if claim is not None:
            return claim
    raise IdempotencyKeyInProgress()


def _insert(*, owner_id, key: str, fingerprint: str, now: datetime) -> _Claim | None:
    token = secrets.token_hex(16)
    try:
        with transaction.atomic():
            # An expired record not yet pruned would still hold the unique (owner, key).
            IdempotencyRecord.objects.filter(
                owner_id=owner_id, key=key, expires_at__lte=now
            ).delete()
            record = IdempotencyRecord.objects.create(
                owner_id=owner_id,
                key=key,
                fingerprint=fingerprint,
                lease_token=token,
                lease_expires_at=now + timedelta(seconds=settings.IDEMPOTENCY_LEASE_SECONDS),
                expires_at=now + timedelta(seconds=settings.IDEMPOTENCY_RETENTION_SECONDS),
            )
    except IntegrityError:
        return None  # another request claimed the key first: look again
    return _Claim(record.pk, token)


def _take_over(record: IdempotencyRecord, *, now: datetime) -> _Claim | None:
    """Claim a key whose holder let its lease pass (killed, most likely); None if we lost."""
    token = secrets.token_hex(16)
    taken = IdempotencyRecord.objects.filter(
        pk=record.pk, lease_token=record.lease_token, response_status__isnull=True
    ).update(
        lease_token=token,
        lease_expires_at=now + timedelta(seconds=settings.IDEMPOTENCY_LEASE_SECONDS),
    )
    return _Claim(record.pk, token) if taken else None


def _release(claim: _Claim) -> None:
    """Give an unfinished key back after a failure, so a repeat need not wait for the lease."""
    with contextlib.suppress(DatabaseError), transaction.atomic():
        IdempotencyRecord.objects.filter(
            pk=claim.record_id, lease_token=claim.token, response_status__isnull=True
        ).delete()
