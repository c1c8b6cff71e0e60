from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocietyConfig(AppConfig):
    name = "members.society"
    label = "society"
    verbose_name = _("Society membership")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from payments.signals import status_changed

        # The office's permissions on this app's models exist only once this app has
        # migrated (after `members`, whose sync ran too early for them): make them now
        # (auth's own handler would run after this one) and sync the roles again.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="society-permissions")

        from members.society.services.payments import on_payment_status_changed

        status_changed.connect(on_payment_status_changed, dispatch_uid="society-payment-status")


def _sync_roles(sender, using="default", **kwargs) -> None:
    from django.contrib.auth.management import create_permissions

    from members.permissions import sync_role_permissions

    create_permissions(sender, verbosity=0, using=using)
    sync_role_permissions()
