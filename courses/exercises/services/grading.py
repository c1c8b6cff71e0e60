"""Grading: the engine grades a submission against the effective key (idempotent)."""

from __future__ import annotations

import datetime
import logging
import time
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courses.exercises.models import (
    ExercisePage,
    FeedbackTiming,
    GradeResult,
    Submission,
    SubmissionStatus,
)
from courses.exercises.services.keys import effective_key, ensure_key, key_hash
from members.models import User

if TYPE_CHECKING:
    from courses.models import LessonPage

log = logging.getLogger(__name__)


def grade_submission(*, submission_id: int) -> GradeResult | None:
    """Grade one submission with the engine and store the result (idempotent).

    Re-reads the submission; a submission already graded against the same key hash is
    left alone (the task may be delivered twice after a lost worker).
    """
    from reporting.grading import GRADER_VERSION, grade

    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .select_related("exercise", "case")
            .filter(pk=submission_id)
            .first()
        )
        if submission is None or submission.status == SubmissionStatus.DRAFT:
            return None
        exercise = submission.exercise.specific
        answer_key = ensure_key(exercise=exercise, case=submission.case)
        key = effective_key(answer_key=answer_key, exercise=exercise)
        digest = key_hash(key=key)
        existing = GradeResult.objects.filter(submission=submission).first()
        if (
            existing is not None
            and submission.status == SubmissionStatus.GRADED
            and existing.key_hash == digest
            and existing.grader_version == GRADER_VERSION
        ):
            return existing
        submission.status = SubmissionStatus.GRADING
        submission.save(update_fields=["status", "updated_at"])

    delay = settings.EXERCISES_GRADING_TEST_DELAY
    if delay > 0:
        time.sleep(delay)  # test hook: lets a test kill the worker mid-task

    graded = grade(key, submission.values)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        existing = GradeResult.objects.filter(submission=submission).first()
        if (
            existing is not None
            and submission.status == SubmissionStatus.GRADED
            and existing.key_hash == digest
        ):
            return existing
        values = {
            "score": graded.score,
            "points": graded.points,
            "possible": graded.possible,
            "passed": graded.passed,
            "pass_mark": graded.pass_mark,
            "feedback": [f.as_dict() for f in graded.fields],
            "extra_fields": graded.extra_fields,
            "grader_version": graded.grader_version,
            "key_hash": digest,
            "graded_at": timezone.now(),
        }
        if existing is None:
            result = GradeResult.objects.create(submission=submission, **values)
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.grading_count += 1
            existing.save()
            result = existing
        submission.status = SubmissionStatus.GRADED
        submission.error = ""
        submission.save(update_fields=["status", "error", "updated_at"])
        # A lesson that completes on "exercise passed" would say "Completed" (and move the
        # course on) with the grade: before the exercise's feedback opens it must not.
        # release_due_feedback records it once the deadline has passed.
        if result.passed and exercise.lesson_id and exercise.feedback_due():
            _record_lesson(submission.user, exercise)
    return result


def release_due_feedback(*, now: datetime.datetime | None = None) -> int:
    """Record the lesson step of every passed report whose exercise's feedback has opened
    since it was graded (run on a short beat); returns how many trainees moved on."""
    from courses.models import LessonProgress

    now = now or timezone.now()
    exercises = ExercisePage.objects.filter(
        feedback_timing=FeedbackTiming.AFTER_DEADLINE,
        feedback_deadline__lte=now,
        lesson__isnull=False,
    ).select_related("lesson")
    released = 0
    for exercise in exercises:
        recorded = LessonProgress.objects.filter(
            lesson_id=exercise.lesson_id, exercise_passed_at__isnull=False
        ).values("user_id")
        trainees = (
            User.objects.filter(
                report_submissions__exercise=exercise, report_submissions__result__passed=True
            )
            .exclude(pk__in=recorded)
            .distinct()
        )
        for user in trainees:
            _record_lesson(user, exercise)
            released += 1
    return released


def _record_lesson(user: User, exercise: ExercisePage) -> None:
    try:
        from courses.services import record_exercise_passed

        # Called only for exercises with a lesson (lesson_id checked by the callers).
        record_exercise_passed(user=user, lesson=cast("LessonPage", exercise.lesson))
    except Exception:  # noqa: BLE001 - progress is a bonus; grading must not fail on it
        log.exception("could not record lesson progress for exercise %s", exercise.pk)
