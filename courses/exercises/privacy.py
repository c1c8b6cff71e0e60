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
    submissions = Submission.objects.filter(user=user).select_related("exercise", "case")
    grades = {g.submission_id: g for g in GradeResult.objects.filter(submission__user=user)}
    return {
        "submissions": [
            {
                "exercise": s.exercise.title,
                "case": s.case.title,
                "attempt": s.attempt,
                "status": s.status,
                "submitted_at": s.submitted_at,
                "values": s.values,
                "score": grades[s.pk].score if s.pk in grades else None,
                "passed": grades[s.pk].passed if s.pk in grades else None,
                "feedback": grades[s.pk].feedback if s.pk in grades else None,
            }
            for s in submissions
        ]
    }


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
