"""Reads: curriculum coverage, course outlines, progress, dashboards and statistics, by subject
(``structure``, ``progress``, ``lessons``, ``instructors``)."""

from .instructors import (
    ENROLMENT_CSV_HEADER,
    course_statistics,
    enrolment_csv_rows,
)
from .lessons import (
    QuizView,
    answer_review,
    lesson_page_context,
    practice_exam_context,
    questions_with_choices,
    quiz_attempt_review,
)
from .progress import (
    CourseProgress,
    course_cards,
    course_page_context,
    course_progress,
    enrolment_for,
    my_learning,
    progress_by_lesson,
)
from .structure import (
    AnyUser,
    ModuleOutline,
    course_for_lesson,
    course_lessons,
    course_outline,
    course_outlines,
    curriculum_with_coverage,
    live_course_index,
)
from .transcript import Transcript, TranscriptYear, cme_transcript

__all__ = [
    "Transcript",
    "TranscriptYear",
    "cme_transcript",
    "AnyUser",
    "live_course_index",
    "curriculum_with_coverage",
    "ModuleOutline",
    "course_outline",
    "course_outlines",
    "course_lessons",
    "course_for_lesson",
    "enrolment_for",
    "progress_by_lesson",
    "CourseProgress",
    "course_progress",
    "course_cards",
    "course_page_context",
    "my_learning",
    "QuizView",
    "questions_with_choices",
    "lesson_page_context",
    "answer_review",
    "practice_exam_context",
    "quiz_attempt_review",
    "course_statistics",
    "enrolment_csv_rows",
    "ENROLMENT_CSV_HEADER",
]
