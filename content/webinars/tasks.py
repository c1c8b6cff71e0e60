"""Celery tasks: thin wrappers around services (beat runs send_due_reminders every 5 min)."""

from celery import shared_task

from content.webinars import services


@shared_task(name="webinars.send_due_reminders")
def send_due_reminders() -> int:
    return services.send_due_reminders()


@shared_task(name="webinars.send_question_digests")
def send_question_digests() -> int:
    return services.send_question_digests()


@shared_task(name="webinars.sync_recording_files")
def sync_recording_files(recording_id: int) -> None:
    """Private copies of a published recording's files (idempotent; see recording_files)."""
    from content.webinars import recording_files

    recording_files.sync_recording_files(recording_id=recording_id)
