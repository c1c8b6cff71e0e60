"""Writes of the courses feature, one module per subject.

Enrolment, progress, quizzes, practice exams, evaluation, certificates and question
import. Callers keep writing `from courses import services` and `services.enrol(...)`:
the public names of every subject module are re-exported here.
"""

from courses.scoring import score_answers
from courses.services.certificates import (
    awaiting_name_confirmation,
    certificate_due,
    claimed_credits,
    confirm_certificate_name,
    issue_certificate,
    new_verification_code,
)
from courses.services.enrolment import (
    enrol,
    enrol_cohort,
    parse_cohort_emails,
    require_enrolment,
)
from courses.services.errors import (
    CourseError,
)
from courses.services.evaluation import (
    submit_evaluation,
)
from courses.services.practice_exams import (
    DEADLINE_GRACE,
    apportion,
    draw_practice_questions,
    start_practice_exam,
    submit_practice_exam,
)
from courses.services.progress import (
    VIDEO_WATCHED_FRACTION,
    check_course_completion,
    record_exercise_passed,
    record_lesson_read,
    record_quiz_result,
    record_video_progress,
)
from courses.services.question_import import (
    CSV_COLUMNS,
    MAX_IMPORT_BYTES,
    ImportReport,
    import_questions,
)
from courses.services.quizzes import (
    find_quiz_block,
    parse_answers,
    submit_quiz,
)

__all__ = [
    "CourseError",
    "enrol",
    "parse_cohort_emails",
    "enrol_cohort",
    "require_enrolment",
    "VIDEO_WATCHED_FRACTION",
    "record_lesson_read",
    "record_quiz_result",
    "record_video_progress",
    "record_exercise_passed",
    "check_course_completion",
    "score_answers",
    "parse_answers",
    "find_quiz_block",
    "submit_quiz",
    "apportion",
    "draw_practice_questions",
    "start_practice_exam",
    "DEADLINE_GRACE",
    "submit_practice_exam",
    "submit_evaluation",
    "awaiting_name_confirmation",
    "certificate_due",
    "confirm_certificate_name",
    "claimed_credits",
    "new_verification_code",
    "issue_certificate",
    "ImportReport",
    "MAX_IMPORT_BYTES",
    "CSV_COLUMNS",
    "import_questions",
]
