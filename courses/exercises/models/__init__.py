"""Structured-reporting exercises: templates, sample cases, exercise pages, answer keys,
submissions, grade results and regrade jobs.

Business logic lives in `services` (writes) and `selectors` (reads); the models hold data,
validation and admin panels. The engine (`reporting/`) does the structured-reporting work."""

from .grading import (
    AnswerKey,
    GradeResult,
    RegradeJob,
    RegradeStatus,
    Submission,
    SubmissionStatus,
)
from .materials import (
    CaseKind,
    CaseSource,
    CaseUpload,
    CaseUploadStatus,
    ReportTemplate,
    SampleCase,
    case_upload_path,
    private_storage,
    raw_upload_path,
)
from .pages import (
    ExerciseIndexPage,
    ExercisePage,
    FeedbackTiming,
    rubric_help_text,
    validate_rubric,
)

__all__ = [
    "private_storage",
    "case_upload_path",
    "ReportTemplate",
    "CaseKind",
    "CaseSource",
    "SampleCase",
    "CaseUploadStatus",
    "raw_upload_path",
    "CaseUpload",
    "FeedbackTiming",
    "validate_rubric",
    "rubric_help_text",
    "ExercisePage",
    "ExerciseIndexPage",
    "AnswerKey",
    "SubmissionStatus",
    "Submission",
    "GradeResult",
    "RegradeStatus",
    "RegradeJob",
]


# The admin form's choosers read the models above: attached once they exist.
from courses.exercises.admin_forms import ExercisePageForm  # noqa: E402

ExercisePage.base_form_class = ExercisePageForm
