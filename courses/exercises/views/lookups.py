"""The lookups every exercise view starts with: 404 for what does not exist, 403 for
what the signed-in user does not teach."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from courses.exercises.models import (
    ExercisePage,
    SampleCase,
)
from courses.teaching import teaches_exercise
from members.selectors import is_teaching_staff


def exercise_or_404(request: HttpRequest, exercise_id: int) -> ExercisePage:
    qs = ExercisePage.objects.select_related("report_template")
    if not is_teaching_staff(request.user):
        qs = qs.live()
    return get_object_or_404(qs, pk=exercise_id)


def taught_exercise_or_403(request: HttpRequest, exercise_id: int) -> ExercisePage:
    """An exercise the signed-in instructor teaches (staff: any); others get 403."""
    exercise = exercise_or_404(request, exercise_id)
    if not teaches_exercise(request.user, exercise):
        raise PermissionDenied(_("You do not teach the course of this exercise."))
    return exercise


def case_or_404(exercise: ExercisePage, case_id: int) -> SampleCase:
    return get_object_or_404(exercise.cases.all(), pk=case_id)
