from django.core.management import call_command
from django.core.management.base import BaseCommand

from backend.authentication.refresh_families import families_prune
from backend.notes.services import idempotency_records_prune
from web_client.bff.session_db import SessionStore as BffSessionStore


class Command(BaseCommand):
    help = (
        "Delete expired sessions (Django's clearsessions), expired outstanding/blacklisted "
        "refresh tokens (simplejwt's flushexpiredtokens), refresh-token families past their "
        "absolute lifetime, Idempotency-Key records past their retention and the expired "
        "sign-ins of the BFF this API serves for its same-origin page. Run it daily; "
        "make demo runs it at start."
    )

    def handle(self, *args, **options):
        call_command("clearsessions")
        BffSessionStore.clear_expired()
        call_command("flushexpiredtokens")
        families = families_prune()
        keys = idempotency_records_prune()
        self.stdout.write(
            f"pruned expired sessions (the API's and the BFF's), refresh tokens, {families} "
            f"refresh-token families and {keys} idempotency keys"
        )
