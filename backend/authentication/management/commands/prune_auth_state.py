from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from backend.authentication.refresh_families import families_prune
from backend.notes.services import idempotency_records_prune
from web_client.bff.session_db import SessionStore as BffSessionStore

# simplejwt's flushexpiredtokens deletes every expired outstanding token at once, and Django's
# cascade to the blacklist binds one parameter per row: past 65,535 expired tokens PostgreSQL
# refuses that with server-side binding (DATABASE_PREPARED_STATEMENTS, the default). The same
# deletion in batches stays under the limit (found by `make scale`, infra/scale/).
EXPIRED_TOKEN_BATCH = 10_000


def expired_tokens_prune() -> int:
    """Delete expired outstanding refresh tokens (and their blacklist rows) in batches."""
    expired = OutstandingToken.objects.filter(expires_at__lte=timezone.now())
    deleted = 0
    while batch := list(expired.values_list("pk", flat=True)[:EXPIRED_TOKEN_BATCH]):
        OutstandingToken.objects.filter(pk__in=batch).delete()
        deleted += len(batch)
    return deleted


class Command(BaseCommand):
    help = (
        "Delete expired sessions (Django's clearsessions), expired outstanding/blacklisted "
        "refresh tokens (simplejwt's flushexpiredtokens, in batches), refresh-token families "
        "past their absolute lifetime, Idempotency-Key records past their retention and the "
        "expired sign-ins of the BFF this API serves for its same-origin page. Run it daily; "
        "make demo runs it at start."
    )

    def handle(self, *args, **options):
        call_command("clearsessions")
        BffSessionStore.clear_expired()
        tokens = expired_tokens_prune()
        families = families_prune()
        keys = idempotency_records_prune()
        self.stdout.write(
            f"pruned expired sessions (the API's and the BFF's), {tokens} refresh tokens, "
            f"{families} refresh-token families and {keys} idempotency keys"
        )
