from celery import shared_task

from members.society.services.renewals import send_renewal_reminders as _send


@shared_task(name="society.send_renewal_reminders", acks_late=True)
def send_renewal_reminders() -> int:
    """Beat: the renewal reminders due now (idempotent: each reminder is sent once)."""
    return _send()
