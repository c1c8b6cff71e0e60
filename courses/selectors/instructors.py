"""What teaching staff see of a course: its learners a page at a time, the
cohort's figures, the per-domain quiz scores and the most missed questions, and the rows
of the enrolments CSV.

Every figure is counted by the database, so the view costs the same number of queries
for ten learners or two thousand; the learners' list is paginated in the database and
the CSV iterates it in chunks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from config.pagination import paginate
from courses.json_tallies import quiz_result_tallies
from courses.models import CoursePage, Enrolment, LessonProgress, Question

from .structure import course_lessons

LEARNERS_PER_PAGE = 50
CSV_CHUNK = 1000
ENROLMENT_CSV_HEADER = [
    "email",
    "name",
    "enrolled_at",
    "deadline",
    "lessons_done",
    "percent",
    "completed_at",
]


def _enrolments_with_progress(course: CoursePage, required_ids: list[int]) -> QuerySet:
    done = (
        LessonProgress.objects.filter(
            user_id=OuterRef("user_id"), lesson_id__in=required_ids, completed_at__isnull=False
        )
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Enrolment.objects.filter(course=course)
        .select_related("user")
        .only(
            "pk",
            "enrolled_at",
            "deadline",
            "completed_at",
            "user__id",
            "user__email",
            "user__display_name",
            "user__first_name",
            "user__last_name",
        )
        .annotate(done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)))
        .order_by("user__email", "pk")
    )


def _percent(done: int, required: int) -> int:
    return round(100 * done / required) if required else 0


def course_statistics(*, course: CoursePage, page: str | int | None = 1) -> dict[str, Any]:
    """The instructor view's context: one page of learners and the cohort's figures."""
    lessons = course_lessons(course)
    required_ids = [lesson.id for lesson in lessons if lesson.required]
    learners = paginate(
        _enrolments_with_progress(course, required_ids), page=page, per_page=LEARNERS_PER_PAGE
    )
    for enrolment in learners:
        enrolment.percent = _percent(enrolment.done, len(required_ids))
    totals = Enrolment.objects.filter(course=course).aggregate(
        enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
    )
    enrolled, completed = totals["enrolled"], totals["completed"]
    domain_rows, missed = _quiz_figures([lesson.id for lesson in lessons])
    return {
        "learners": learners,
        "enrolled": enrolled,
        "completed": completed,
        "completion_rate": round(100 * completed / enrolled) if enrolled else 0,
        "domain_rows": domain_rows,
        "missed": missed,
    }


def _quiz_figures(lesson_ids: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tallies = quiz_result_tallies(lesson_ids=lesson_ids)
    questions = Question.objects.filter(id__in=list(tallies)).select_related("domain")
    per_domain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed = []
    for question in questions:
        correct, total = tallies[question.id]
        per_domain[str(question.domain)][0] += correct
        per_domain[str(question.domain)][1] += total
        if total - correct:
            missed.append(
                {
                    "question": question,
                    "missed": total - correct,
                    "total": total,
                    "percent": round(100 * (total - correct) / total),
                }
            )
    domain_rows = [
        {"domain": name, "correct": c, "total": t, "percent": round(100 * c / t)}
        for name, (c, t) in sorted(per_domain.items())
    ]
    missed.sort(key=lambda r: (-r["percent"], -r["missed"], r["question"].id))
    return domain_rows, missed[:10]


def enrolment_csv_rows(*, course: CoursePage) -> Iterator[list[Any]]:
    """The enrolments CSV's rows, read from the database in chunks as they are written."""
    required_ids = [lesson.id for lesson in course_lessons(course) if lesson.required]
    for e in _enrolments_with_progress(course, required_ids).iterator(chunk_size=CSV_CHUNK):
        yield [
            e.user.email,
            e.user.name,
            e.enrolled_at,
            e.deadline,
            e.done,
            _percent(e.done, len(required_ids)),
            e.completed_at,
        ]
