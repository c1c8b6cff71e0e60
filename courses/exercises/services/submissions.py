"""Submissions: drafts, the submit that queues grading, and the requeue of stuck ones."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from courses.exercises.models import ExercisePage, SampleCase, Submission, SubmissionStatus
from courses.exercises.services.errors import (
    AttemptsExhausted,
    ExerciseError,
    translate_problem,
)
from courses.exercises.services.keys import ensure_key
from members.models import User

log = logging.getLogger(__name__)


def check_report_values(*, exercise: ExercisePage, values: Mapping[str, Any]) -> dict[str, Any]:
    """The engine's check_values; raise ExerciseError with its message."""
    from reporting.mrrt import ReportValueError, check_values

    try:
        return check_values(exercise.report_template.model(), values)
    except ReportValueError as error:
        first = error.problems[0]
        raise ExerciseError(
            translate_problem(first),
            [translate_problem(p) for p in error.problems[1:]],
            field=first.field,
        )


def attempts_used(*, user: User, exercise: ExercisePage, case: SampleCase) -> int:
    return (
        Submission.objects.filter(user=user, exercise=exercise, case=case)
        .exclude(status=SubmissionStatus.DRAFT)
        .count()
    )


def _current_draft(user: User, exercise: ExercisePage, case: SampleCase) -> Submission:
    draft = Submission.objects.filter(
        user=user, exercise=exercise, case=case, status=SubmissionStatus.DRAFT
    ).first()
    if draft is None:
        last = (
            Submission.objects.filter(user=user, exercise=exercise, case=case)
            .order_by("-attempt")
            .values_list("attempt", flat=True)
            .first()
        )
        draft = Submission(
            user=user, exercise=exercise, case=case, attempt=(last or 0) + 1, values={}
        )
    return draft


def _check_case_in_exercise(exercise: ExercisePage, case: SampleCase) -> None:
    if not exercise.cases.filter(pk=case.pk).exists():
        raise ExerciseError(gettext("This case is not part of the exercise."))


def save_draft(
    *, user: User, exercise: ExercisePage, case: SampleCase, values: Mapping[str, Any]
) -> Submission:
    _check_case_in_exercise(exercise, case)
    checked = check_report_values(exercise=exercise, values=values)
    draft = _current_draft(user, exercise, case)
    draft.values = checked
    draft.save()
    return draft


# A second submit of the same values this soon after the first is the same click twice
# (used only when the form does not say which attempt it is for).
DUPLICATE_WINDOW = timedelta(seconds=60)


@transaction.atomic
def submit(
    *,
    user: User,
    exercise: ExercisePage,
    case: SampleCase,
    values: Mapping[str, Any],
    for_attempt: int | None = None,
) -> Submission:
    """Commit the submission (queued), then queue grading once the transaction commits.

    ``for_attempt`` is the attempt the trainee's form was shown for: a form sent twice
    (a double click, a resent request) returns the submission its first send made
    instead of using another attempt."""
    _check_case_in_exercise(exercise, case)
    checked = check_report_values(exercise=exercise, values=values)
    # Serialise a user's submits. The user's row always exists; a lock on their
    # submissions locks nothing before the first one, and both clicks would pass.
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
    duplicate = _already_submitted(user, exercise, case, for_attempt, checked)
    if duplicate is not None:
        return duplicate
    if exercise.attempts_allowed and attempts_used(user=user, exercise=exercise, case=case) >= (
        exercise.attempts_allowed
    ):
        raise AttemptsExhausted(
            gettext("You have used all %(count)s attempt(s) for this case.")
            % {"count": exercise.attempts_allowed}
        )
    ensure_key(exercise=exercise, case=case)
    submission = _current_draft(user, exercise, case)
    now = timezone.now()
    submission.values = checked
    submission.status = SubmissionStatus.QUEUED
    submission.submitted_at = now
    submission.queued_at = now
    submission.save()
    enqueue_grading(submission_id=submission.pk)
    return submission


def _already_submitted(
    user: User,
    exercise: ExercisePage,
    case: SampleCase,
    for_attempt: int | None,
    values: dict[str, Any],
) -> Submission | None:
    submitted = Submission.objects.filter(user=user, exercise=exercise, case=case).exclude(
        status=SubmissionStatus.DRAFT
    )
    if for_attempt is not None:
        return submitted.filter(attempt=for_attempt).first()
    latest = submitted.order_by("-attempt").first()
    if (
        latest is not None
        and latest.values == values
        and latest.submitted_at is not None
        and timezone.now() - latest.submitted_at < DUPLICATE_WINDOW
    ):
        return latest
    return None


def next_attempt(*, user: User, exercise: ExercisePage, case: SampleCase) -> int:
    """The attempt number the trainee's next submit will use."""
    return _current_draft(user, exercise, case).attempt


def enqueue_grading(*, submission_id: int) -> None:
    """Queue grading after the commit. The submission is already safe in the database, so
    a broker that is down must not turn the trainee's submit into an error page: it stays
    queued and `exercises.requeue_stale` (beat, and each worker's start) sends it again."""
    transaction.on_commit(lambda: _send_grading_task(submission_id))


def _send_grading_task(submission_id: int) -> None:
    from courses.exercises.tasks import grade_submission_task

    try:
        # No publish retries: a request must not hang while the broker is away.
        grade_submission_task.apply_async((submission_id,), retry=False)
    except Exception:  # kombu/redis raise many kinds of errors for an unreachable broker
        log.warning(
            "Broker unreachable: submission %s stays queued until requeue_stale",
            submission_id,
            exc_info=True,
        )


def mark_failed(*, submission_id: int, message: str) -> None:
    Submission.objects.filter(pk=submission_id).exclude(status=SubmissionStatus.GRADED).update(
        status=SubmissionStatus.FAILED, error=message[:2000], updated_at=timezone.now()
    )


def requeue_stale(*, minutes: float | None = None, at_worker_start: bool = False) -> int:
    """Queue again the submissions stuck in queued/grading for more than ``minutes``
    (default: settings.EXERCISES_REQUEUE_AFTER).

    At a worker's start every submission marked "grading" is queued again whatever its
    age: the worker that was grading it may just have been killed. A report that another
    worker is still grading is graded once all the same (grading is idempotent)."""
    seconds = settings.EXERCISES_REQUEUE_AFTER if minutes is None else minutes * 60
    cutoff = timezone.now() - timedelta(seconds=seconds)
    stuck = Q(status__in=[SubmissionStatus.QUEUED, SubmissionStatus.GRADING], queued_at__lt=cutoff)
    if at_worker_start:
        stuck |= Q(status=SubmissionStatus.GRADING)
    stale = list(Submission.objects.filter(stuck).values_list("pk", flat=True))
    for pk in stale:
        Submission.objects.filter(pk=pk).update(queued_at=timezone.now())
        enqueue_grading(submission_id=pk)
    if stale:
        log.info("queued %s stale submission(s) again", len(stale))
    return len(stale)
