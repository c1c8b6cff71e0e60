"""Personal data held by exercises: a trainee's reports and grades.

On erasure the reports stay for the gradebook's statistics (the account is anonymised by
members.privacy), but the free text a trainee wrote (impression, clinical notes: the one
place a name could hide) is removed, and unsent drafts are deleted.
"""

from courses.exercises.models import ExercisePage, GradeResult, Submission, SubmissionStatus
from members.models import User
from members.privacy import register

ERASED = "[erased at the trainee's request]"
BATCH = 500


def _export(user: User) -> dict:
    submissions = list(Submission.objects.filter(user=user).select_related("exercise", "case"))
    # The grade is the trainee's data too, but like every page the export withholds it
    # until the exercise's feedback opens (issue 10 item 9), and says until when.
    exercises = {s.exercise_id: s.exercise.specific for s in submissions}
    open_now = {pk: exercise.feedback_due() for pk, exercise in exercises.items()}
    grades = {g.submission_id: g for g in GradeResult.objects.filter(submission__user=user)}
    rows = []
    for s in submissions:
        grade = grades.get(s.pk) if open_now[s.exercise_id] else None
        row = {
            "exercise": s.exercise.title,
            "case": s.case.title,
            "attempt": s.attempt,
            "status": s.status,
            "submitted_at": s.submitted_at,
            "values": s.values,
            "score": grade.score if grade else None,
            "passed": grade.passed if grade else None,
            "feedback": grade.feedback if grade else None,
        }
        if not open_now[s.exercise_id]:
            row["grade_withheld_until"] = exercises[s.exercise_id].feedback_deadline
        rows.append(row)
    return {"submissions": rows}


def _erase(user: User) -> None:
    """Set-based: one query per step whatever the number of submissions (the rows are
    rewritten in Python and written back with bulk_update, in batches)."""
    Submission.objects.filter(user=user, status=SubmissionStatus.DRAFT).delete()
    submissions = list(Submission.objects.filter(user=user).only("pk", "exercise_id", "values"))
    templates = dict(
        ExercisePage.objects.filter(pk__in={s.exercise_id for s in submissions}).values_list(
            "pk", "report_template__parsed"
        )
    )
    text_fields = {
        pk: {f["id"] for f in (parsed or {}).get("fields", []) if f.get("type") == "TEXT"}
        for pk, parsed in templates.items()
    }
    fields_of = {s.pk: text_fields.get(s.exercise_id, set()) for s in submissions}
    changed = []
    for submission in submissions:
        erased = {
            key: (ERASED if key in fields_of[submission.pk] and value else value)
            for key, value in submission.values.items()
        }
        if erased != submission.values:
            submission.values = erased
            changed.append(submission)
    Submission.objects.bulk_update(changed, ["values"], batch_size=BATCH)
    results = []
    for result in GradeResult.objects.filter(submission__user=user).only(
        "pk", "submission_id", "feedback"
    ):
        touched = False
        for item in result.feedback:
            if item.get("field") in fields_of.get(result.submission_id, ()) and item.get("given"):
                item["given"] = ERASED
                touched = True
        if touched:
            results.append(result)
    GradeResult.objects.bulk_update(results, ["feedback"], batch_size=BATCH)


register("exercises", export=_export, erase=_erase)
