from django.apps import AppConfig


class ProjectSettingsConfig(AppConfig):
    """The settings package as an app: its system checks (checks.py) live beside the settings
    they read, not in whichever app happened to load them."""

    name = "backend.config"
    label = "lab_config"

    def ready(self) -> None:
        # Importing registers the system checks with Django.
        from backend.config import checks  # noqa: F401
