"""Regrades: after a key or rubric change, every submitted report is graded again."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F
from django.utils import timezone

from courses.exercises.models import (
    ExercisePage,
    GradeResult,
    RegradeJob,
    RegradeStatus,
    Submission,
    SubmissionStatus,
)
from courses.exercises.services.grading import grade_submission
from courses.exercises.services.keys import refresh_key_hashes
from members.models import User


def start_regrade(
    *,
    exercise: ExercisePage,
    user: User | None = None,
    if_delayed: Callable[[], None] | None = None,
) -> RegradeJob:
    """Recompute key hashes and queue a regrade of every submitted report of the exercise.

    The task is recorded in the outbox with the job, so a broker that is down delays the
    regrade (``if_delayed`` is told) instead of failing the request or losing the job."""
    from outbox.services import enqueue

    refresh_key_hashes(exercise=exercise)
    total = (
        Submission.objects.filter(exercise=exercise).exclude(status=SubmissionStatus.DRAFT).count()
    )
    job = RegradeJob.objects.create(exercise=exercise, created_by=user, total=total)
    enqueue(task="exercises.regrade", kwargs={"job_id": job.pk}, if_delayed=if_delayed)
    return job


def run_regrade(*, job_id: int) -> RegradeJob:
    job = RegradeJob.objects.get(pk=job_id)
    if job.status == RegradeStatus.DONE:
        return job
    job.status = RegradeStatus.RUNNING
    job.done = 0
    job.changed = 0
    job.save(update_fields=["status", "done", "changed"])
    ids = list(
        Submission.objects.filter(exercise=job.exercise)
        .exclude(status=SubmissionStatus.DRAFT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    try:
        for pk in ids:
            before = (
                GradeResult.objects.filter(submission_id=pk).values_list("score", flat=True).first()
            )
            result = grade_submission(submission_id=pk)
            if result is not None and before is not None and abs(result.score - before) > 1e-9:
                RegradeJob.objects.filter(pk=job.pk).update(changed=F("changed") + 1)
            RegradeJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
    except Exception as error:  # noqa: BLE001
        RegradeJob.objects.filter(pk=job.pk).update(
            status=RegradeStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    RegradeJob.objects.filter(pk=job.pk).update(
        status=RegradeStatus.DONE, total=len(ids), finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
