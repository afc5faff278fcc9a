from django.conf import settings
from django.db import models

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
IDEMPOTENCY_KEY_MAX_LENGTH = 255


class Note(models.Model):
    """A small per-user resource: enough to show reads and CSRF-protected writes."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    text = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class IdempotencyRecord(models.Model):
    """One Idempotency-Key of one user: who is creating its note, then the answer to replay.

    In the database, because that is the one store every replica shares in every lab
    configuration (a process-local cache would let a retry on another replica create the note
    again). `response_status` is null while the first request runs; the request holding
    `lease_token` may finish it until `lease_expires_at`, after which a repeat may take it over.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=IDEMPOTENCY_KEY_MAX_LENGTH)
    fingerprint = models.CharField(max_length=64)
    lease_token = models.CharField(max_length=32)
    lease_expires_at = models.DateTimeField()
    response_status = models.PositiveSmallIntegerField(null=True)
    # The JSON text as first rendered: PostgreSQL's jsonb would reorder the keys of a replay.
    response_body = models.TextField(blank=True, default="")
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="notes_idempotency_owner_key")
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}:{self.key}"
