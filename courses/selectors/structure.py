"""The curriculum with its coverage and each course's modules and lessons."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q

from courses.models import (
    CourseIndexPage,
    CoursePage,
    Domain,
    LearningObjective,
    LessonPage,
    ModulePage,
    Topic,
)
from members.models import User

AnyUser = User | AnonymousUser


def live_course_index() -> CourseIndexPage | None:
    return CourseIndexPage.objects.live().first()


# --- Curriculum -------------------------------------------------------------------------


def curriculum_with_coverage() -> list[Domain]:
    """Domains -> topics -> objectives, each objective with its live courses and lessons.

    Only pages without a view restriction are named: the curriculum is one fragment
    shared by every visitor (content.fragments)."""
    objectives = LearningObjective.objects.order_by("sort_order", "id").prefetch_related(
        Prefetch("courses", queryset=CoursePage.objects.live().public().order_by("title")),
        Prefetch("lessons", queryset=LessonPage.objects.live().public().order_by("path")),
    )
    topics = Topic.objects.order_by("sort_order", "id").prefetch_related(
        Prefetch("objectives", queryset=objectives)
    )
    domains = list(Domain.objects.prefetch_related(Prefetch("topics", queryset=topics)))
    for domain in domains:
        domain.objective_count = 0
        domain.covered_count = 0
        for topic in domain.topics.all():
            for objective in topic.objectives.all():
                objective.is_covered = bool(objective.courses.all() or objective.lessons.all())
                domain.objective_count += 1
                domain.covered_count += objective.is_covered
    return domains


# --- Course structure -------------------------------------------------------------------


@dataclass
class ModuleOutline:
    module: ModulePage
    lessons: list[LessonPage] = field(default_factory=list)


def course_outline(course: CoursePage) -> list[ModuleOutline]:
    """Modules and their live lessons in tree order, in a constant number of queries."""
    return course_outlines([course])[course.pk]


def course_outlines(courses: list[CoursePage]) -> dict[int, list[ModuleOutline]]:
    """The outlines of many courses in two queries, whatever the number of courses."""
    outlines: dict[int, list[ModuleOutline]] = {c.pk: [] for c in courses}
    if not courses:
        return outlines
    course_by_path = {c.path: c.pk for c in courses}
    children = Q()
    for course in courses:
        children |= Q(path__startswith=course.path, depth=course.depth + 1)
    modules: dict[str, ModuleOutline] = {}
    for module in ModulePage.objects.live().filter(children).order_by("path"):
        outline = ModuleOutline(module)
        modules[module.path] = outline
        outlines[course_by_path[module.path[: -module.steplen]]].append(outline)
    if not modules:
        return outlines
    grandchildren = Q()
    for course in courses:
        grandchildren |= Q(path__startswith=course.path, depth=course.depth + 2)
    lessons = LessonPage.objects.live().filter(grandchildren).order_by("path").defer("body")
    for lesson in lessons:
        parent = modules.get(lesson.path[: -lesson.steplen])
        if parent is not None:
            parent.lessons.append(lesson)
    return outlines


def course_lessons(course: CoursePage) -> list[LessonPage]:
    return [lesson for m in course_outline(course) for lesson in m.lessons]


def course_for_lesson(lesson: LessonPage) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(lesson).first()
