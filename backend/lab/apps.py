from django.apps import AppConfig


class LabConfig(AppConfig):
    name = "backend.lab"
    label = "lab"
