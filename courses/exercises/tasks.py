"""Celery tasks of the exercises feature. Thin: the work is in `services`."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

# Transient failures worth a retry: the database went away or was locked for a moment.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    name="exercises.grade_submission",
    bind=True,
    # Far above a report's grading time; keeps a stuck task within the visibility timeout.
    time_limit=settings.EXERCISES_GRADING_TIME_LIMIT,
    soft_time_limit=settings.EXERCISES_GRADING_TIME_LIMIT * 0.8,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def grade_submission_task(self, submission_id: int) -> dict:
    """Grade one submission (idempotent: a graded submission with the same key is skipped)."""
    from courses.exercises import services

    try:
        result = services.grade_submission(submission_id=submission_id)
    except TRANSIENT:
        raise
    except Exception as error:
        services.mark_failed(
            submission_id=submission_id, message=f"{type(error).__name__}: {error}"
        )
        raise
    if result is None:
        return {"submission": submission_id, "graded": False}
    return {"submission": submission_id, "graded": True, "score": result.score}


@shared_task(name="exercises.requeue_stale", acks_late=True)
def requeue_stale_task(minutes: float | None = None, at_worker_start: bool = False) -> int:
    """Beat (every EXERCISES_REQUEUE_EVERY seconds) and each worker's start: queue again
    the submissions stuck in queued/grading."""
    from courses.exercises import services

    requeued = services.requeue_stale(minutes=minutes, at_worker_start=at_worker_start)
    # Case uploads waiting for their check: a check takes seconds, 10 minutes is stale.
    return requeued + services.requeue_case_uploads(minutes=10 if minutes is None else minutes)


@shared_task(name="exercises.release_feedback", acks_late=True)
def release_feedback_task() -> int:
    """Beat: lessons that complete on a passed exercise move on once its feedback opens."""
    from courses.exercises import services

    return services.release_due_feedback()


@shared_task(
    name="exercises.regrade",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    max_retries=5,
)
def regrade_task(job_id: int) -> int:
    from courses.exercises import services

    return services.run_regrade(job_id=job_id).done


@shared_task(
    name="exercises.check_case_upload",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    max_retries=5,
    soft_time_limit=120,
)
def check_case_upload_task(upload_id: int) -> str:
    """Check a case upload too heavy for a web request (patient data, limits)."""
    from courses.exercises import services

    return services.process_case_upload(upload_id=upload_id).status
