from django.apps import AppConfig


class TuningConfig(AppConfig):
    name = "backend.tuning"
    label = "lab_tuning"

    def ready(self) -> None:
        from backend.tuning.user_snapshots import connect_invalidation

        connect_invalidation()
