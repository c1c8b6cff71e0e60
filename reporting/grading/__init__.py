"""Answer keys and the grader (per-field comparators, weights, feedback)."""

from reporting.grading.grader import (
    COMPARATORS,
    GRADER_VERSION,
    CompiledKey,
    FieldFeedback,
    GradeResult,
    KeyError_,
    compile_key,
    grade,
)
from reporting.grading.keys import build_key

__all__ = [
    "COMPARATORS",
    "GRADER_VERSION",
    "CompiledKey",
    "FieldFeedback",
    "GradeResult",
    "KeyError_",
    "build_key",
    "compile_key",
    "grade",
]
