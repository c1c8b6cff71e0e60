from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = gettext_lazy("Task outbox")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from outbox import signals

        signals.connect()
