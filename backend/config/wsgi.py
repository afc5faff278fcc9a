"""WSGI entry point (gunicorn backend.config.wsgi)."""

from django.core.wsgi import get_wsgi_application

from backend.config.env import set_default_settings_module

set_default_settings_module()
application = get_wsgi_application()
