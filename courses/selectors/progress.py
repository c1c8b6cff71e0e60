"""A learner's enrolment and progress: course cards, the course page and the dashboard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from courses.cards import prepare_course_cards
from courses.models import (
    Certificate,
    CourseEvaluation,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
)
from courses.outline import outline_html
from courses.teaching import teaches
from members.models import User

from .course_frame import course_frame
from .structure import AnyUser, course_lessons, course_outline, course_outlines


def enrolment_for(user: AnyUser, course: CoursePage) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course=course).first()


def progress_by_lesson(user: AnyUser, lesson_ids: list[int]) -> dict[int, LessonProgress]:
    if not user.is_authenticated or not lesson_ids:
        return {}
    rows = LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids)
    return {row.lesson_id: row for row in rows}


@dataclass
class CourseProgress:
    total: int
    completed: int
    next_lesson: Any  # a LessonPage, or a cached LessonLink on the lesson page

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def all_done(self) -> bool:
        return self.total > 0 and self.completed >= self.total


def course_progress(
    user: AnyUser,
    course: CoursePage,
    lessons: list[LessonPage] | None = None,
    progress: dict[int, LessonProgress] | None = None,
) -> CourseProgress:
    """Required lessons completed, and the lesson to continue with."""
    if lessons is None:
        lessons = course_lessons(course)
    if progress is None:
        progress = progress_by_lesson(user, [lesson.id for lesson in lessons])
    return progress_over(lessons, done_ids={i for i, row in progress.items() if _is_done(row)})


def progress_over(lessons: Sequence[Any], *, done_ids: set[int]) -> CourseProgress:
    """Required `lessons` (pages, or the cached `LessonLink`s) completed, and the next."""
    required = [lesson for lesson in lessons if lesson.required]
    done = [lesson for lesson in required if lesson.id in done_ids]
    next_lesson = next((x for x in lessons if x.id not in done_ids), None)
    return CourseProgress(total=len(required), completed=len(done), next_lesson=next_lesson)


def _is_done(row: LessonProgress | None) -> bool:
    return row is not None and row.completed_at is not None


def course_cards(index: CourseIndexPage, user: AnyUser) -> list[dict[str, Any]]:
    courses = list(
        CoursePage.objects.child_of(index).live().order_by("path").select_related("cover_image")
    )
    prepare_course_cards(courses)
    enrolled = set()
    if user.is_authenticated:
        enrolled = set(
            Enrolment.objects.filter(user=user, course__in=courses).values_list(
                "course_id", flat=True
            )
        )
    return [{"course": c, "enrolled": c.id in enrolled} for c in courses]


def course_page_context(
    course: CoursePage, user: AnyUser, *, preview: bool = False
) -> dict[str, Any]:
    """The course page: the shared frame (cached, `course_frame`) plus this visitor's
    enrolment, progress, evaluation and certificate."""
    frame = course_frame(course, preview=preview)
    lessons = frame.lessons
    progress = progress_by_lesson(user, [lesson.id for lesson in lessons])
    done_ids = {i for i, row in progress.items() if _is_done(row)}
    enrolment = enrolment_for(user, course)
    context: dict[str, Any] = {
        "frame_html": frame.html(),
        "outline": lessons,
        "outline_html": outline_html(
            course.pk, outline=lambda: course_outline(course), done_ids=done_ids
        ),
        "enrolment": enrolment,
        "is_instructor": teaches(user, course),
    }
    if enrolment and user.is_authenticated:  # an enrolment implies a signed-in user
        context["progress"] = progress_over(lessons, done_ids=done_ids)
        context["evaluation"] = CourseEvaluation.objects.filter(user=user, course=course).first()
        context["certificate"] = Certificate.objects.filter(user=user, course=course).first()
    return context


# --- Dashboard --------------------------------------------------------------------------


def my_learning(user: User) -> dict[str, Any]:
    """The learner's dashboard: one outline query and one progress query for all courses."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "course__cover_image")
        .order_by("-enrolled_at")
    )
    prepare_course_cards([e.course for e in enrolments])
    outlines = course_outlines([e.course for e in enrolments])
    lessons_of = {
        course_id: [lesson for m in outline for lesson in m.lessons]
        for course_id, outline in outlines.items()
    }
    progress = progress_by_lesson(
        user, [lesson.id for lessons in lessons_of.values() for lesson in lessons]
    )
    rows: list[dict[str, Any]] = []
    for enrolment in enrolments:
        lessons = lessons_of[enrolment.course_id]
        rows.append(
            {
                "enrolment": enrolment,
                "progress": course_progress(user, enrolment.course, lessons, progress),
            }
        )
    today = timezone.localdate()
    upcoming = sorted(
        (r for r in rows if r["enrolment"].deadline and not r["enrolment"].completed_at),
        key=lambda r: r["enrolment"].deadline,
    )
    for r in upcoming:
        r["overdue"] = r["enrolment"].deadline < today
    return {
        "rows": rows,
        "upcoming": upcoming,
        "certificates": list(Certificate.objects.filter(user=user)),
        "practice_exams": list(user.practice_exams.filter(submitted_at__isnull=False)[:5]),
    }
