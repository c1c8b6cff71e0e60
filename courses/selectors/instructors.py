"""What teaching staff see of a course: its statistics."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count

from courses.models import (
    CoursePage,
    Enrolment,
    LessonProgress,
    Question,
    QuizAttempt,
)

from .structure import course_lessons

# --- Instructor -------------------------------------------------------------------------


def course_statistics(course: CoursePage) -> dict[str, Any]:
    lessons = course_lessons(course)
    enrolments = list(
        Enrolment.objects.filter(course=course).select_related("user").order_by("user__email")
    )
    required_ids = [lesson.id for lesson in lessons if lesson.required]
    done_counts = dict(
        LessonProgress.objects.filter(lesson_id__in=required_ids, completed_at__isnull=False)
        .values_list("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    rows = []
    for e in enrolments:
        done = done_counts.get(e.user_id, 0)
        percent = round(100 * done / len(required_ids)) if required_ids else 0
        rows.append({"enrolment": e, "done": done, "percent": percent})
    completed = sum(1 for e in enrolments if e.completed_at)
    attempts = list(QuizAttempt.objects.filter(lesson_id__in=[x.id for x in lessons]))
    question_ids = {int(qid) for a in attempts for qid in a.results}
    questions = {
        q.id: q for q in Question.objects.filter(id__in=question_ids).select_related("domain")
    }
    per_domain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_question: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for attempt in attempts:
        for qid, ok in attempt.results.items():
            question = questions.get(int(qid))
            if question is None:
                continue
            per_domain[str(question.domain)][0] += bool(ok)
            per_domain[str(question.domain)][1] += 1
            per_question[question.id][0] += not ok
            per_question[question.id][1] += 1
    domain_rows = [
        {"domain": name, "correct": c, "total": t, "percent": round(100 * c / t)}
        for name, (c, t) in sorted(per_domain.items())
    ]
    missed = sorted(
        (
            {"question": questions[qid], "missed": m, "total": t, "percent": round(100 * m / t)}
            for qid, (m, t) in per_question.items()
            if m
        ),
        key=lambda r: (-r["percent"], -r["missed"]),
    )[:10]
    return {
        "rows": rows,
        "enrolled": len(enrolments),
        "completed": completed,
        "completion_rate": round(100 * completed / len(enrolments)) if enrolments else 0,
        "domain_rows": domain_rows,
        "missed": missed,
    }
