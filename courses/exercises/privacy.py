"""Personal data held by exercises: a trainee's reports and grades.

On erasure the reports stay for the gradebook's statistics (the account is anonymised by
members.privacy), but the free text a trainee wrote (impression, clinical notes: the one
place a name could hide) is removed, and unsent drafts are deleted.
"""

from courses.exercises.models import GradeResult, Submission, SubmissionStatus
from members.models import User
from members.privacy import register

ERASED = "[erased at the trainee's request]"


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


def _text_field_ids(submission: Submission) -> set[str]:
    fields = submission.exercise.report_template.parsed.get("fields", [])
    return {f["id"] for f in fields if f.get("type") == "TEXT"}


def _erase(user: User) -> None:
    Submission.objects.filter(user=user, status=SubmissionStatus.DRAFT).delete()
    for submission in Submission.objects.filter(user=user).select_related(
        "exercise__report_template"
    ):
        text_fields = _text_field_ids(submission)
        submission.values = {
            key: (ERASED if key in text_fields and value else value)
            for key, value in submission.values.items()
        }
        submission.save(update_fields=["values"])
        result = GradeResult.objects.filter(submission=submission).first()
        if result:
            for item in result.feedback:
                if item.get("field") in text_fields and item.get("given"):
                    item["given"] = ERASED
            result.save(update_fields=["feedback"])


register("exercises", export=_export, erase=_erase)
