from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ExercisesConfig(AppConfig):
    name = "courses.exercises"
    label = "exercises"
    verbose_name = gettext_lazy("Structured-reporting exercises")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from celery.signals import worker_ready

        worker_ready.connect(_requeue_at_worker_start, dispatch_uid="exercises-requeue-at-start")


def _requeue_at_worker_start(sender=None, **kwargs) -> None:
    """A worker that starts (after a crash, say) queues again the reports that were being
    graded, instead of waiting for Redis's visibility timeout. Sent as a task, so that a
    pool process, not the worker's main process, opens the database connection."""
    import logging

    from courses.exercises.tasks import requeue_stale_task

    try:
        requeue_stale_task.delay(at_worker_start=True)
    except Exception:  # the worker's own broker connection reports the outage
        logging.getLogger(__name__).warning("could not queue requeue_stale at start")
