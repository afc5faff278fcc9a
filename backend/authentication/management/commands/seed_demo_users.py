from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or reset) the demo users alice and bob. Refuses to run in production."

    def handle(self, *args, **options):
        if not settings.SEED_DEMO_USERS_ALLOWED:
            raise CommandError("Refusing to seed demo users with known passwords in production.")
        user_model = get_user_model()
        for username in settings.DEMO_USERNAMES:
            user, created = user_model.objects.get_or_create(username=username)
            user.is_active = True
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            verb = "created" if created else "reset"
            self.stdout.write(f"demo user {username!r} {verb}; password: {settings.DEMO_PASSWORD}")
