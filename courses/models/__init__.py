"""Curriculum, course pages, question bank, enrolment, progress and certificates."""

from .curriculum import (
    Domain,
    EsrLevel,
    LearningObjective,
    ObjectiveKind,
    Topic,
)
from .learning import (
    Certificate,
    CourseEvaluation,
    Enrolment,
    LessonProgress,
    PracticeExamAttempt,
    ProgressStatus,
    QuizAttempt,
    private_storage,
)
from .pages import (
    CompletionRule,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
)
from .questions import (
    Choice,
    Difficulty,
    Question,
    QuestionType,
)

__all__ = [
    "Domain",
    "EsrLevel",
    "Topic",
    "ObjectiveKind",
    "LearningObjective",
    "Difficulty",
    "QuestionType",
    "Question",
    "Choice",
    "CourseIndexPage",
    "CoursePage",
    "ModulePage",
    "CompletionRule",
    "LessonPage",
    "private_storage",
    "Enrolment",
    "ProgressStatus",
    "LessonProgress",
    "QuizAttempt",
    "CourseEvaluation",
    "Certificate",
    "PracticeExamAttempt",
]
