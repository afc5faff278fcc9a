from django.apps import AppConfig


class BffConfig(AppConfig):
    name = "web_client.bff"
    label = "bff"
    verbose_name = "Backend-for-frontend"
