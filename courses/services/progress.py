"""Progress: what a learner has read, watched and passed, and when a course is complete."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from courses.models import (
    CompletionRule,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    ProgressStatus,
)
from courses.selectors import course_for_lesson, course_progress
from courses.services.certificates import certificate_due
from courses.services.errors import CourseError
from members.models import User

VIDEO_WATCHED_FRACTION = 0.9


def _progress_row(user: User, lesson: LessonPage) -> LessonProgress:
    row, _ = LessonProgress.objects.select_for_update().get_or_create(user=user, lesson=lesson)
    return row


def _rule_met(lesson: LessonPage, row: LessonProgress) -> bool:
    return {
        CompletionRule.READ: row.read_at is not None,
        CompletionRule.QUIZ: row.quiz_passed_at is not None,
        CompletionRule.VIDEO: row.video_watched_at is not None,
        CompletionRule.EXERCISE: row.exercise_passed_at is not None,
    }[CompletionRule(lesson.completion_rule)]


def _save_and_check(user: User, lesson: LessonPage, row: LessonProgress) -> LessonProgress:
    newly_completed = False
    if row.completed_at is None and _rule_met(lesson, row):
        row.completed_at = timezone.now()
        row.status = ProgressStatus.COMPLETED
        newly_completed = True
    row.save()
    if newly_completed:
        course = course_for_lesson(lesson)
        if course is not None:
            check_course_completion(user=user, course=course)
    return row


@transaction.atomic
def record_lesson_read(*, user: User, lesson: LessonPage) -> LessonProgress:
    row = _progress_row(user, lesson)
    if row.read_at is None:
        row.read_at = timezone.now()
    return _save_and_check(user, lesson, row)


@transaction.atomic
def record_quiz_result(*, user: User, lesson: LessonPage, passed: bool) -> LessonProgress:
    row = _progress_row(user, lesson)
    if passed and row.quiz_passed_at is None:
        row.quiz_passed_at = timezone.now()
    return _save_and_check(user, lesson, row)


@transaction.atomic
def record_video_progress(
    *, user: User, lesson: LessonPage, media_id: int, fraction: float
) -> LessonProgress:
    """Keep the furthest fraction watched of each video; all videos at 90% = watched."""
    media_ids = lesson.video_media_ids()
    if media_id not in media_ids:
        raise CourseError(gettext("That video is not part of this lesson."))
    if not 0 <= fraction <= 1:
        raise CourseError(gettext("The fraction must be between 0 and 1."))
    row = _progress_row(user, lesson)
    fractions = dict(row.video_fractions)
    key = str(media_id)
    fractions[key] = round(max(float(fractions.get(key, 0.0)), fraction), 4)
    row.video_fractions = fractions
    if row.video_watched_at is None and all(
        fractions.get(str(m), 0) >= VIDEO_WATCHED_FRACTION for m in media_ids
    ):
        row.video_watched_at = timezone.now()
    return _save_and_check(user, lesson, row)


@transaction.atomic
def record_exercise_passed(*, user: User, lesson: LessonPage) -> LessonProgress:
    """Called by the exercises feature when a learner passes the lesson's exercise."""
    row = _progress_row(user, lesson)
    if row.exercise_passed_at is None:
        row.exercise_passed_at = timezone.now()
    return _save_and_check(user, lesson, row)


def check_course_completion(*, user: User, course: CoursePage) -> bool:
    """Mark the enrolment complete when every required lesson is; then certify if due."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        return False
    if not course_progress(user, course).all_done:
        return False
    if enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
    if certificate_due(user=user, course=course):
        from outbox.services import enqueue

        # In the outbox with the completion: a broker that is down delays the certificate.
        enqueue(
            task="courses.issue_certificate", kwargs={"user_id": user.id, "course_id": course.id}
        )
    return True
