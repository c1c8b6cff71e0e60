"""Lookups and the error page shared by the course views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import (
    HttpRequest,
)
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from courses.models import (
    CoursePage,
    LessonPage,
)
from courses.teaching import teaches


def _error(request: HttpRequest, message: str, status: int = 400, back: str | None = None):
    return render(request, "courses/error.html", {"message": message, "back": back}, status=status)


def _live_course(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live(), pk=course_id)


def _taught_course(request: HttpRequest, course_id: int) -> CoursePage:
    """A live course the signed-in instructor teaches (staff: any); others get 403."""
    course = _live_course(course_id)
    if not teaches(request.user, course):
        raise PermissionDenied(_("You do not teach this course."))
    return course


def _live_lesson(lesson_id: int) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
