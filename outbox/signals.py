"""A worker that starts publishes what waited for the broker while it was away."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def _flush_on_worker_ready(sender=None, **kwargs) -> None:
    from outbox.tasks import flush

    try:
        # Sent as a task so that the pool, not the worker's main process, opens the
        # database connection.
        flush.delay()
    except Exception:  # the worker's own broker connection will report the outage
        log.warning("could not queue outbox.flush at worker start", exc_info=True)


def connect() -> None:
    from celery.signals import worker_ready

    worker_ready.connect(_flush_on_worker_ready, dispatch_uid="outbox-flush-on-worker-ready")
