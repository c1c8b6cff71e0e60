"""Personal data held by courses: what "download my data" exports and erasure does."""

from courses.models import (
    Certificate,
    CourseEvaluation,
    Enrolment,
    LessonProgress,
    PracticeExamAttempt,
    QuizAttempt,
)
from members.models import User
from members.privacy import register


def _export(user: User) -> dict:
    return {
        "enrolments": list(
            Enrolment.objects.filter(user=user).values(
                "course__title", "enrolled_at", "deadline", "completed_at", "certificate_name"
            )
        ),
        "lesson_progress": list(
            LessonProgress.objects.filter(user=user).values(
                "lesson__title",
                "status",
                "read_at",
                "quiz_passed_at",
                "video_watched_at",
                "exercise_passed_at",
                "completed_at",
            )
        ),
        "quiz_attempts": list(
            QuizAttempt.objects.filter(user=user).values(
                "lesson__title", "answers", "results", "score", "passed", "created_at"
            )
        ),
        "practice_exams": list(
            PracticeExamAttempt.objects.filter(user=user).values(
                "started_at", "submitted_at", "score", "per_domain", "answers"
            )
        ),
        "course_evaluations": list(
            CourseEvaluation.objects.filter(user=user).values(
                "course__title", "rating", "comments", "hours_spent", "submitted_at"
            )
        ),
        "certificates": list(
            Certificate.objects.filter(user=user).values(
                "code",
                "learner_name",
                "course_title",
                "credits",
                "accreditation_number",
                "completed_on",
            )
        ),
    }


def _erase(user: User) -> None:
    """Progress and attempts stay with the now nameless account for course statistics;
    certificates stay verifiable by code but lose the name and the PDF that carried it."""
    CourseEvaluation.objects.filter(user=user).update(comments="")
    Enrolment.objects.filter(user=user).update(certificate_name="")
    certificates = Certificate.objects.filter(user=user)
    for certificate in certificates.exclude(pdf="").only("pk", "pdf"):
        certificate.pdf.delete(save=False)  # the file only; the rows are updated at once
    certificates.update(learner_name="", pdf="")


register("courses", export=_export, erase=_erase)
