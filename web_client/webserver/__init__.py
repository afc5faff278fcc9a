"""The web client's server as a small Django project: the page, its config.json and the BFF
(web_client/bff/) on app.localhost and app.lab.localhost, served by gunicorn."""

SETTINGS_MODULE = "web_client.webserver.settings"
WSGI_APP = "web_client.webserver.wsgi:application"
