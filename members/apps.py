from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = gettext_lazy("Members and accounts")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added, authenticator_removed

        # `migrate` sends one post_migrate per app, in INSTALLED_APPS order, and each app's
        # permissions are made in its own signal: the roles are synced in the last app's,
        # when every app's permissions exist (sync_after_migrate makes any still missing).
        from django.apps import apps

        from members.permissions import sync_after_migrate
        from members.two_factor import forget_authenticator, record_new_authenticator

        # (apps without models get no signal)
        last_app = [a for a in apps.get_app_configs() if a.models_module is not None][-1]
        post_migrate.connect(sync_after_migrate, sender=last_app, dispatch_uid="role-permissions")
        authenticator_added.connect(record_new_authenticator, dispatch_uid="new-authenticator")
        authenticator_removed.connect(forget_authenticator, dispatch_uid="removed-authenticator")
