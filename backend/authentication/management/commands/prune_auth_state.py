from django.core.management import call_command
from django.core.management.base import BaseCommand

from backend.authentication.refresh_families import families_prune
from backend.notes.services import idempotency_records_prune


class Command(BaseCommand):
    help = (
        "Delete expired sessions (Django's clearsessions), expired outstanding/blacklisted "
        "refresh tokens (simplejwt's flushexpiredtokens), refresh-token families past their "
        "absolute lifetime and Idempotency-Key records past their retention. Run it daily; "
        "make demo runs it at start."
    )

    def handle(self, *args, **options):
        call_command("clearsessions")
        call_command("flushexpiredtokens")
        families = families_prune()
        keys = idempotency_records_prune()
        self.stdout.write(
            f"pruned expired sessions, refresh tokens, {families} refresh-token families and "
            f"{keys} idempotency keys"
        )
