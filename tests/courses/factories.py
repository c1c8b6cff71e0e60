"""Factories for the courses tests: curriculum, questions and course page trees."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

import factory
from wagtail.models import Site

from courses.models import (
    Choice,
    CourseIndexPage,
    CoursePage,
    Domain,
    LessonPage,
    ModulePage,
    Question,
)

_seq = count()

# The 2018 CIIP outline weights (percent), as in the brief.
CIIP_WEIGHTS = dict(zip("ABCDEFGHIJ", [5, 5, 10, 8, 5, 18, 14, 12, 11, 13], strict=True))


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("letter",)

    letter = "F"
    name = factory.LazyAttribute(lambda o: f"Domain {o.letter}")
    weight = 10


def all_domains() -> dict[str, Domain]:
    return {
        letter: DomainFactory(letter=letter, weight=weight)
        for letter, weight in CIIP_WEIGHTS.items()
    }


def make_question(
    domain: Domain | None = None, *, multiple: bool = False, stem: str | None = None
) -> Question:
    n = next(_seq)
    question = Question.objects.create(
        domain=domain or DomainFactory(),
        type="multiple" if multiple else "single",
        stem=stem or f"Question {n}: which option is right?",
        explanation=f"Because option A{n} is right.",
    )
    Choice.objects.create(question=question, sort_order=0, text=f"Right A{n}", is_correct=True)
    Choice.objects.create(
        question=question, sort_order=1, text=f"Also right B{n}", is_correct=multiple
    )
    Choice.objects.create(question=question, sort_order=2, text=f"Wrong C{n}", is_correct=False)
    return question


def course_index() -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    home = Site.objects.get(is_default_site=True).root_page
    index = CourseIndexPage(title="Courses", slug="courses")
    home.add_child(instance=index)
    return index


def add_lesson(module: ModulePage, title: str, *, rule: str = "read", body=None, **kw):
    lesson = LessonPage(
        title=title,
        slug=f"lesson-{next(_seq)}",
        completion_rule=rule,
        body=body or [("rich_text", "<p>Lesson text.</p>")],
        **kw,
    )
    module.add_child(instance=lesson)
    return lesson


def build_course(
    *,
    modules: int = 1,
    lessons_per_module: int = 2,
    quiz_questions: list[Question] | None = None,
    extra_blocks: int = 0,
    title: str | None = None,
    cme_credits: Decimal = Decimal("1.0"),
    requires_evaluation: bool = True,
) -> CoursePage:
    """A live course; with quiz_questions, the first lesson completes by quiz."""
    n = next(_seq)
    course = CoursePage(
        title=title or f"Course {n}",
        slug=f"course-{n}",
        summary="A course for tests.",
        estimated_minutes=60,
        cme_credits=cme_credits,
        accreditation_number="TEST-0001",
        requires_evaluation=requires_evaluation,
    )
    course_index().add_child(instance=course)
    first = True
    for m in range(modules):
        module = ModulePage(title=f"Module {m + 1}", slug=f"module-{next(_seq)}")
        course.add_child(instance=module)
        for lesson_no in range(lessons_per_module):
            body = [("rich_text", f"<p>Text {i}</p>") for i in range(1 + extra_blocks)]
            rule = "read"
            if first and quiz_questions:
                body.append(
                    ("quiz", {"title": "Check", "questions": quiz_questions, "pass_mark": 50})
                )
                rule = "quiz"
            first = False
            add_lesson(module, f"Lesson {m + 1}.{lesson_no + 1}", rule=rule, body=body)
    return course


def lessons_of(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def teaching(course: CoursePage, user) -> CoursePage:
    """Make `user` one of the course's teaching staff."""
    CoursePage.teaching_staff.through.objects.get_or_create(coursepage=course, user=user)
    return course
