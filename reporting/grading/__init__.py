"""Answer keys and the grader (per-field comparators, weights, feedback)."""

from reporting.grading.grader import (
    GRADER_VERSION,
    CompiledKey,
    FieldFeedback,
    GradeResult,
    KeyError_,
    compile_key,
    grade,
)
from reporting.grading.keys import COMPARATORS, build_key, check_entry, generic_key, key_for

__all__ = [
    "COMPARATORS",
    "GRADER_VERSION",
    "CompiledKey",
    "FieldFeedback",
    "GradeResult",
    "KeyError_",
    "build_key",
    "check_entry",
    "generic_key",
    "key_for",
    "compile_key",
    "grade",
]
