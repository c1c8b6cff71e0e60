"""The refusals of the exercises feature, each with a message fit to show the user."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext


def translate_problem(problem: Any) -> str:
    """An engine problem (reporting.errors.Problem) in the user's language."""
    template = gettext(problem.template)
    return template % problem.params if problem.params else template


class ExerciseError(Exception):
    """A refused action, with a message fit to show the user."""

    def __init__(
        self, message: str, details: list[str] | None = None, *, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []
        self.field = field  # the form field at fault, when there is one


class CaseUploadError(ExerciseError):
    pass


class TemplateImportError(ExerciseError):
    """``problems``: the engine's findings as dicts (severity, code, where, message)."""

    def __init__(
        self,
        message: str,
        details: list[str] | None = None,
        *,
        problems: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(message, details)
        self.problems = problems or []


class AttemptsExhausted(ExerciseError):
    pass
