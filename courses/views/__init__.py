"""Course views by subject: ``catalogue`` (curriculum, course list, my learning), ``learning``
(enrolment, progress, quizzes, practice exams), ``certificates`` (evaluation, download,
verification) and ``instructors`` (cohort enrolment, the instructor page, question import).
Thin views: parse the request, call a selector or service, render."""

from .catalogue import (
    course_list,
    curriculum,
    my_learning,
)
from .certificates import (
    certificate_download,
    certificate_verify,
    certificate_verify_form,
    cme_transcript_pdf,
    confirm_certificate_name,
    evaluation,
)
from .instructors import (
    cohort_enrolment,
    course_instructor,
    question_import,
)
from .learning import (
    enrol,
    lesson_read,
    practice_exam,
    practice_exam_attempt,
    quiz_attempt,
    submit_quiz,
    video_progress,
)

__all__ = [
    "cme_transcript_pdf",
    "confirm_certificate_name",
    "curriculum",
    "course_list",
    "my_learning",
    "enrol",
    "lesson_read",
    "video_progress",
    "submit_quiz",
    "quiz_attempt",
    "practice_exam",
    "practice_exam_attempt",
    "evaluation",
    "certificate_download",
    "certificate_verify_form",
    "certificate_verify",
    "cohort_enrolment",
    "course_instructor",
    "question_import",
]
