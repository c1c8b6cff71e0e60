import os

from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "courses.exercises"
    label = "exercises"
    verbose_name = "Structured-reporting exercises"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Test hook (documented in docs/exercises.md): a worker started with
        # EXERCISES_BROKER_VISIBILITY_TIMEOUT redelivers unacknowledged tasks after that many
        # seconds instead of the hour configured for production. Only read here, so the
        # project settings stay untouched.
        timeout = os.environ.get("EXERCISES_BROKER_VISIBILITY_TIMEOUT")
        if timeout:
            from config.celery_app import app

            options = dict(app.conf.broker_transport_options or {})
            options["visibility_timeout"] = float(timeout)
            app.conf.broker_transport_options = options
