"""Reads of the exercises feature: what a user may see, in the shape templates need."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy

from courses.exercises.models import (
    AnswerKey,
    ExercisePage,
    GradeResult,
    ReportTemplate,
    SampleCase,
    Submission,
    SubmissionStatus,
)
from courses.teaching import teaches_exercise
from members.models import User
from members.selectors import is_teaching_staff

AnyUser = User | AnonymousUser


def live_exercises() -> QuerySet[ExercisePage]:
    return ExercisePage.objects.live().select_related("report_template").order_by("title")


def exercise_cards(user: AnyUser) -> list[dict[str, Any]]:
    """One query for the whole list: case and graded-case counts are annotations."""
    exercises = live_exercises().annotate(
        case_count=Count("cases", distinct=True),
        graded_cases=(
            Count(
                "submissions__case",
                filter=Q(submissions__user=user, submissions__status=SubmissionStatus.GRADED),
                distinct=True,
            )
            if user.is_authenticated
            else Value(0)
        ),
    )
    return [
        {"exercise": e, "case_count": e.case_count, "graded_cases": e.graded_cases}
        for e in exercises
    ]


def exercise_cases(exercise: ExercisePage, user: AnyUser) -> list[dict[str, Any]]:
    """The exercise's cases with the user's attempts: two queries whatever the counts.

    Attempts carry only what the page shows (no report values, no feedback JSON).
    """
    by_case: dict[int, list[Submission]] = {}
    if user.is_authenticated:
        attempts = (
            Submission.objects.filter(user=user, exercise=exercise)
            .exclude(status=SubmissionStatus.DRAFT)
            .only("pk", "case_id", "attempt", "status")
            .order_by("case_id", "-attempt")
        )
        for submission in attempts:
            by_case.setdefault(submission.case_id, []).append(submission)
    rows = []
    for case in exercise.cases.only("pk", "title").order_by("title", "pk"):
        subs = by_case.get(case.pk, [])
        rows.append({"case": case, "submissions": subs, "latest": subs[0] if subs else None})
    return rows


def attempts_left(exercise: ExercisePage, user: User, case: SampleCase) -> int | None:
    if not exercise.attempts_allowed:
        return None
    used = (
        Submission.objects.filter(user=user, exercise=exercise, case=case)
        .exclude(status=SubmissionStatus.DRAFT)
        .count()
    )
    return max(0, exercise.attempts_allowed - used)


def current_draft(exercise: ExercisePage, user: User, case: SampleCase) -> Submission | None:
    return Submission.objects.filter(
        user=user, exercise=exercise, case=case, status=SubmissionStatus.DRAFT
    ).first()


def _format_site(m: dict[str, Any]) -> str:
    parts = [m.get("finding_site") or ""]
    segment = m.get("segment")
    if segment:
        parts.append(segment.get("meaning") or segment.get("code") or segment.get("value", ""))
    return ", ".join(p for p in parts if p)


def _format_code(code: dict[str, Any]) -> str:
    """ "11726-7 (LN)": the code value and its scheme (older extractions say "value")."""
    value = code.get("code") or code.get("value") or ""
    scheme = code.get("scheme") or ""
    return f"{value} ({scheme})" if value and scheme else value


_SIDES = {
    "right": gettext_lazy("Right"),
    "left": gettext_lazy("Left"),
    "bilateral": gettext_lazy("Both sides"),
}


def _where(item: dict[str, Any]) -> str:
    """Side and site together, as a report names them: "Right, Internal Carotid Artery"."""
    side = item.get("laterality") or ""
    parts = [str(_SIDES.get(side, side)), _format_site(item)]
    return ", ".join(p for p in parts if p)


def case_view(case: SampleCase) -> dict[str, Any]:
    """The stored case JSON shaped for display: measurement table, evaluations, tree.

    Each measurement says where it was taken (side and site from the SR's finding-site
    and laterality modifiers), so the right CCA and right ICA velocities are told apart."""
    data = case.case_data or {}
    measurements = []
    for m in data.get("measurements", []):
        concept = m.get("concept") or {}
        unit = m.get("unit") or ""
        measurements.append(
            {
                "concept": concept.get("meaning") or concept.get("code") or "",
                "code": _format_code(concept),
                "value": "" if m.get("value") is None else f"{m['value']:g}",
                "unit": "" if unit == "1" else unit,
                "side": m.get("laterality") or "",
                "site": _format_site(m),
                "where": _where(m),
            }
        )
    evaluations = []
    for e in data.get("evaluations", []):
        concept, value = e.get("concept") or {}, e.get("value") or {}
        evaluations.append(
            {
                "concept": concept.get("meaning") or concept.get("code") or "",
                "value": value.get("meaning") or value.get("code") or "",
                "code": _format_code(value),
                "side": e.get("laterality") or "",
                "site": _format_site(e),
                "where": _where(e),
            }
        )
    return {
        "title": (data.get("title") or {}).get("meaning", ""),
        "sop_class_name": data.get("sop_class_name", ""),
        "measurements": measurements,
        "evaluations": evaluations,
        "texts": data.get("texts", []),
        "tree": data.get("tree"),
    }


def feedback_visible(
    submission: Submission, user: AnyUser, now: datetime.datetime | None = None
) -> bool:
    """Instructors and staff always; the trainee once the exercise's feedback is due."""
    if teaches_exercise(user, submission.exercise.specific):
        return True
    return submission.exercise.specific.feedback_due(now or timezone.now())


def result_view(submission: Submission, user: AnyUser) -> dict[str, Any]:
    """What the result page may show this user; expected values only when allowed."""
    exercise = submission.exercise.specific
    visible = feedback_visible(submission, user)
    result: GradeResult | None = getattr(submission, "result", None)
    out: dict[str, Any] = {
        "submission": submission,
        "exercise": exercise,
        "status": submission.status,
        "final": submission.status in (SubmissionStatus.GRADED, SubmissionStatus.FAILED),
        "feedback_visible": visible,
        "deadline": exercise.feedback_deadline,
        "result": None,
        "rows": [],
    }
    if result is None or submission.status != SubmissionStatus.GRADED or not visible:
        return out
    from courses.exercises.feedback import feedback_rows  # words for the trainee

    out["rows"] = feedback_rows(
        result.feedback,
        template_fields=exercise.report_template.parsed.get("fields", []),
        key=_grading_key(submission, result),
        given_values=submission.values or {},
        rule_set_ids=exercise.rule_ids(),
        engine_detail=is_teaching_staff(user),
    )
    out["result"] = result
    out["percent"] = round(result.score * 100)
    return out


def _grading_key(submission: Submission, result: GradeResult) -> dict[str, Any] | None:
    """The effective key the result was graded against (its tolerances, keywords and
    case values word the feedback); None when the key changed since (regrade pending)."""
    from courses.exercises.services.keys import effective_key

    answer_key = AnswerKey.objects.filter(
        exercise_id=submission.exercise_id, case_id=submission.case_id
    ).first()
    if answer_key is None or answer_key.key_hash != result.key_hash:
        return None
    return effective_key(answer_key=answer_key, exercise=submission.exercise.specific)


def own_submission(user: AnyUser, submission_id: int) -> Submission | None:
    """A trainee's own submission; the teaching staff of its exercise (and staff) can open
    any of that exercise."""
    if not user.is_authenticated:
        return None
    qs = Submission.objects.select_related("exercise", "case", "user")
    submission = qs.filter(pk=submission_id).first()
    if submission is None:
        return None
    if submission.user_id == user.pk or teaches_exercise(user, submission.exercise.specific):
        return submission
    return None


# --- Gradebook (the page and its CSV: courses/exercises/gradebook.py) -------------------


def trainee_history(exercise: ExercisePage, user_id: int) -> list[Submission]:
    return list(
        Submission.objects.filter(exercise=exercise, user_id=user_id)
        .exclude(status=SubmissionStatus.DRAFT)
        .select_related("case", "result", "user")
        .order_by("case__title", "attempt")
    )


def key_rows(exercise: ExercisePage) -> list[dict[str, Any]]:
    """Every case of the exercise with its stored key, or None where none is derived yet.

    Two queries whatever the number of cases; nothing is derived here (a GET never writes).
    """
    keys = {
        k.case_id: k
        for k in AnswerKey.objects.filter(exercise=exercise).only(
            "pk", "case_id", "overrides", "key_hash", "updated_at"
        )
    }
    return [
        {"case": case, "key": keys.get(case.pk)}
        for case in exercise.cases.only("pk", "title").order_by("title", "pk")
    ]


def stored_key(exercise: ExercisePage, case: SampleCase) -> AnswerKey | None:
    return AnswerKey.objects.filter(exercise=exercise, case=case).first()


def template_overview(*, template: ReportTemplate) -> dict[str, Any]:
    """What an instructor checks after an import: the fields the trainee will fill in
    and the engine's warnings, counted by kind."""
    warnings = list(template.problems)
    return {
        "fields": template.parsed.get("fields", []),
        "warnings": warnings,
        "warning_kinds": Counter(w.get("code", "") for w in warnings).most_common(),
    }


def learner_exercises(user: User, now: datetime.datetime | None = None) -> list[dict[str, Any]]:
    """A learner's exercises, one row per exercise and case: the latest attempt's state
    (a draft in progress, waiting for grading, graded) and its result once the exercise's
    feedback is due (never a score before). One query."""
    now = now or timezone.now()
    latest: dict[tuple[int, int], Submission] = {}
    attempts: Counter = Counter()
    submissions = (
        Submission.objects.filter(user=user, exercise__live=True)
        .select_related("exercise", "case", "result")
        .order_by("exercise__title", "case_id", "-attempt")
    )
    for submission in submissions:
        key = (submission.exercise_id, submission.case_id)
        latest.setdefault(key, submission)
        if submission.status != SubmissionStatus.DRAFT:
            attempts[key] += 1
    rows = []
    for key, submission in latest.items():
        exercise = submission.exercise
        result = getattr(submission, "result", None)
        graded = submission.status == SubmissionStatus.GRADED and result is not None
        feedback_open = exercise.feedback_due(now)
        rows.append(
            {
                "exercise": exercise,
                "case": submission.case,
                "submission": submission,
                "in_progress": submission.status == SubmissionStatus.DRAFT,
                "attempts_used": attempts[key],
                "result": result if graded and feedback_open else None,
                "percent": (
                    round(100 * result.score)
                    if graded and feedback_open and result is not None
                    else None
                ),
                "feedback_from": None if feedback_open else exercise.feedback_deadline,
            }
        )
    return rows
