"""The course evaluation a learner fills in once every required lesson is done."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from courses.models import CourseEvaluation, CoursePage
from courses.selectors import course_progress
from courses.services.enrolment import require_enrolment
from courses.services.errors import CourseError
from courses.services.progress import check_course_completion
from members.models import User


@transaction.atomic
def submit_evaluation(
    *, user: User, course: CoursePage, rating: int, comments: str, hours_spent: Decimal
) -> CourseEvaluation:
    require_enrolment(user=user, course=course)
    if not course_progress(user, course).all_done:
        raise CourseError(gettext("Complete every required lesson before the evaluation."))
    evaluation, created = CourseEvaluation.objects.get_or_create(
        user=user,
        course=course,
        defaults={"rating": rating, "comments": comments, "hours_spent": hours_spent},
    )
    if not created:
        raise CourseError(gettext("You have already submitted the evaluation for this course."))
    check_course_completion(user=user, course=course)
    return evaluation
