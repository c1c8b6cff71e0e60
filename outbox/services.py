"""Recording, publishing and running outbox messages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from outbox.models import OutboxMessage

log = logging.getLogger(__name__)


def enqueue(
    *, task: str, kwargs: dict[str, Any], if_delayed: Callable[[], None] | None = None
) -> OutboxMessage:
    """Record the task in the current transaction; publish it once that commits.

    ``if_delayed`` runs when the broker could not take it right away (to tell the person
    who asked that it will happen a little later)."""
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs)

    def publish_now() -> None:
        if not publish(message_id=message.pk) and if_delayed is not None:
            if_delayed()

    transaction.on_commit(publish_now)
    return message


def publish(*, message_id: int) -> bool:
    """Hand the message to the broker; False (and logged) when it cannot take it now."""
    from outbox.tasks import deliver

    try:
        # No publish retries: a request must not hang while the broker is away; the
        # message is safe in the database and `flush` sends it again.
        deliver.apply_async((message_id,), retry=False)
    except Exception as error:  # kombu/redis raise many kinds for an unreachable broker
        log.warning(
            "Outbox message %s not handed over (%s): it waits for outbox.flush",
            message_id,
            type(error).__name__,
            exc_info=True,
        )
        OutboxMessage.objects.filter(pk=message_id).update(
            publish_attempts=F("publish_attempts") + 1,
            last_error=f"publish: {type(error).__name__}: {error}"[:2000],
        )
        return False
    OutboxMessage.objects.filter(pk=message_id).update(
        published_at=timezone.now(), publish_attempts=F("publish_attempts") + 1
    )
    return True


def pending(*, now: datetime | None = None) -> QuerySet[OutboxMessage]:
    """Messages to publish again: not done, not claimed by a live worker, and not
    published within the last ``OUTBOX_REPUBLISH_AFTER`` seconds."""
    now = now or timezone.now()
    republish = now - timedelta(seconds=settings.OUTBOX_REPUBLISH_AFTER)
    lease = now - timedelta(seconds=settings.OUTBOX_CLAIM_LEASE)
    return OutboxMessage.objects.filter(
        Q(published_at__isnull=True) | Q(published_at__lt=republish),
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=lease),
        done_at__isnull=True,
    )


def flush(*, limit: int = 500) -> int:
    """Publish the pending messages; stops at the first one the broker refuses.

    Done messages are kept a week for diagnosis, then deleted: they hold rendered emails
    (addresses, links), which must not outlive their use."""
    kept = timezone.now() - timedelta(seconds=settings.OUTBOX_KEEP_DONE)
    OutboxMessage.objects.filter(done_at__lt=kept).delete()
    sent = 0
    for message_id in pending().order_by("created_at").values_list("pk", flat=True)[:limit]:
        if not publish(message_id=message_id):
            break
        sent += 1
    return sent


def deliver(*, message_id: int) -> bool:
    """Run the message's task here, once: a message published twice (by the request and
    by a flush) is claimed by one delivery; the other finds it claimed or done."""
    from celery import current_app

    now = timezone.now()
    lease = now - timedelta(seconds=settings.OUTBOX_CLAIM_LEASE)
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=lease))
        .update(claimed_at=now)
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    if message.task not in current_app.tasks:
        # Outside a worker the apps' tasks modules are imported on demand.
        current_app.loader.import_default_modules()
    try:
        current_app.tasks[message.task].run(**message.kwargs)
    except Exception as error:
        # Free the claim so that the retry (or a later flush) can run it.
        OutboxMessage.objects.filter(pk=message_id).update(
            claimed_at=None, last_error=f"run: {type(error).__name__}: {error}"[:2000]
        )
        raise
    OutboxMessage.objects.filter(pk=message_id).update(done_at=timezone.now(), last_error="")
    return True
