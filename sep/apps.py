from django.apps import AppConfig


class SepConfig(AppConfig):
    name = "sep"
    verbose_name = "SEP"

    def ready(self):
        from . import audit  # noqa: F401 — connects the audit receivers
