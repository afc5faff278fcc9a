"""WSGI entry point of the attacker's site (gunicorn: one worker, threads; the collector lives
in that worker's memory)."""

import os

from django.core.wsgi import get_wsgi_application

# Forced, not defaulted: this process must never load the backend's settings.
os.environ["DJANGO_SETTINGS_MODULE"] = "infra.attacker_site.settings"
application = get_wsgi_application()
