"""Reads for an exercise's gradebook: its trainees a page at a time with their figures,
the most missed fields, and the rows of the gradebook CSV.

Everything is counted by the database (the missed fields inside the graded feedback
JSON too, courses.json_tallies), so the page costs the same number of queries for twenty
trainees or five hundred, and the CSV iterates the submissions in chunks without
loading their feedback.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Max, Q

from config.pagination import paginate
from courses.exercises.models import ExercisePage, GradeResult, Submission, SubmissionStatus
from courses.json_tallies import missed_field_counts
from members.models import User

TRAINEES_PER_PAGE = 50
CSV_CHUNK = 1000
GRADEBOOK_CSV_HEADER = [
    "trainee",
    "email",
    "case",
    "attempt",
    "status",
    "submitted_at",
    "score",
    "passed",
]


def _sent(exercise: ExercisePage):
    return Submission.objects.filter(exercise=exercise).exclude(status=SubmissionStatus.DRAFT)


def gradebook(*, exercise: ExercisePage, page: str | int | None = 1) -> dict[str, Any]:
    """The gradebook page's context: one page of trainees (submissions, best score,
    passed), the most missed fields and the number of graded reports."""
    per_trainee = (
        _sent(exercise)
        .values("user_id")
        .annotate(
            count=Count("pk"),
            best=Max("result__score"),
            passes=Count("result", filter=Q(result__passed=True)),
        )
        .order_by("user__email", "user_id")
    )
    trainees = paginate(per_trainee, page=page, per_page=TRAINEES_PER_PAGE)
    users = User.objects.in_bulk([row["user_id"] for row in trainees])
    rows = [
        {
            "user": users[row["user_id"]],
            "count": row["count"],
            "best": row["best"],
            "passed": row["passes"] > 0,
        }
        for row in trainees
        if row["user_id"] in users
    ]
    graded = (
        GradeResult.objects.filter(submission__exercise=exercise)
        .exclude(submission__status=SubmissionStatus.DRAFT)
        .count()
    )
    labels = {f["id"]: f["label"] for f in exercise.report_template.parsed.get("fields", [])}
    missed = sorted(
        missed_field_counts(
            exercise_id=exercise.pk, excluded_status=SubmissionStatus.DRAFT
        ).items(),
        key=lambda item: (-item[1], item[0]),
    )
    return {
        "trainees": trainees,
        "trainee_rows": rows,
        "missed": [
            {
                "field": f,
                "label": labels.get(f, f),
                "count": n,
                "rate": round(100 * n / graded) if graded else 0,
            }
            for f, n in missed
        ],
        "graded": graded,
    }


def gradebook_csv_rows(*, exercise: ExercisePage) -> Iterator[list[Any]]:
    """Every sent submission, one row each, read in chunks (feedback is never loaded)."""
    submissions = (
        _sent(exercise)
        .select_related("user", "case", "result")
        .only(
            "attempt",
            "status",
            "submitted_at",
            "user__email",
            "user__display_name",
            "user__first_name",
            "user__last_name",
            "case__title",
            "result__score",
            "result__passed",
        )
        .order_by("user__email", "case__title", "attempt", "pk")
    )
    for s in submissions.iterator(chunk_size=CSV_CHUNK):
        result = getattr(s, "result", None)
        yield [
            s.user.name,
            s.user.email,
            s.case.title,
            s.attempt,
            s.status,
            s.submitted_at,
            f"{result.score:.4f}" if result else "",
            ("yes" if result.passed else "no") if result else "",
        ]
