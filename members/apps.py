from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members and accounts"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from members.permissions import sync_after_migrate
        from members.two_factor import record_new_authenticator

        # After the last app migrated (every migrate sends one signal per app; the
        # function is idempotent and cheap, so running it each time is fine).
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="role-permissions")
        authenticator_added.connect(record_new_authenticator, dispatch_uid="new-authenticator")
