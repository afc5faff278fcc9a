from django.conf import settings
from django.db import models

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000


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
