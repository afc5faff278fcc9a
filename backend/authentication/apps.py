from django.apps import AppConfig


class AuthenticationConfig(AppConfig):
    name = "backend.authentication"
    label = "lab_authentication"

    def ready(self) -> None:
        # Importing registers the system checks with Django.
        from backend.authentication import checks  # noqa: F401
