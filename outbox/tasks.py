"""Celery tasks of the outbox. Thin: the work is in `services`."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

# Worth a retry: the database or the mail server went away for a moment.
TRANSIENT = (OperationalError, InterfaceError, OSError)


@shared_task(
    name="outbox.deliver",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,  # publishing must not need the result backend
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=10,
)
def deliver(message_id: int) -> bool:
    from outbox import services

    return services.deliver(message_id=message_id)


@shared_task(name="outbox.flush", ignore_result=True)
def flush() -> int:
    """Beat, and once when a worker starts: publish what waited for the broker."""
    from outbox import services

    return services.flush()
