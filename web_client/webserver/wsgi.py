"""WSGI entry point (gunicorn web_client.webserver.wsgi).

Always this project's settings: a shell or test run that set DJANGO_SETTINGS_MODULE for the
API must not turn the page's server into a second API.
"""

import os

from django.core.wsgi import get_wsgi_application

from web_client.webserver import SETTINGS_MODULE

os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
application = get_wsgi_application()
