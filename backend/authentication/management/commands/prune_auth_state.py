from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Delete expired sessions (Django's clearsessions) and expired outstanding/blacklisted "
        "refresh tokens (simplejwt's flushexpiredtokens). Run it daily; make demo runs it at start."
    )

    def handle(self, *args, **options):
        call_command("clearsessions")
        call_command("flushexpiredtokens")
        self.stdout.write("pruned expired sessions and refresh tokens")
