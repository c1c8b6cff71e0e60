from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocietyConfig(AppConfig):
    name = "members.society"
    label = "society"
    verbose_name = _("Society membership")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from payments.signals import status_changed

        from members.society.services.payments import on_payment_status_changed

        status_changed.connect(on_payment_status_changed, dispatch_uid="society-payment-status")
