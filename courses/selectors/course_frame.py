"""What every visitor of a course page shares, built once per course, language and content
version (as `lesson_frame` is for a lesson): the heading (title, summary, audience, time,
credits, the card image), the prerequisites, the learning objectives and the lesson list.
The page adds only the visitor's enrolment, progress, evaluation and certificate."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from content.fragments import cached_fragment
from courses.models import CoursePage

from .lesson_frame import LessonLink, lesson_links
from .structure import ModuleOutline, course_outline


@dataclass(frozen=True)
class CourseFrame:
    heading_html: str  # header with the card image, and the prerequisites
    objectives_html: str
    lessons: tuple[LessonLink, ...]

    def html(self) -> dict[str, SafeString]:
        # Safe: both were rendered (escaped) by their templates.
        return {
            "heading": mark_safe(self.heading_html),  # noqa: S308
            "objectives": mark_safe(self.objectives_html),  # noqa: S308
        }


def course_frame(course: CoursePage, *, preview: bool = False) -> CourseFrame:
    """The shared part of `course`'s page (from the draft, uncached, in a preview)."""
    if preview:
        return _build(course, course_outline(course))
    return cached_fragment(
        "course-frame",
        course.pk,
        get_language(),
        render=lambda: _build(course, course_outline(course)),
    )


def _build(course: CoursePage, outline: list[ModuleOutline]) -> CourseFrame:
    objectives = course.objectives.select_related("topic__domain").order_by(
        "topic__domain__letter", "sort_order"
    )
    context = {"page": course, "prerequisites": list(course.prerequisites.live())}
    return CourseFrame(
        heading_html=render_to_string("courses/includes/course_heading.html", context),
        objectives_html=render_to_string(
            "courses/includes/course_objectives.html", {"objectives": list(objectives)}
        ),
        lessons=lesson_links(outline),
    )
