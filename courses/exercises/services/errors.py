"""The refusals of the exercises feature, each with a message fit to show the user."""

from __future__ import annotations


class ExerciseError(Exception):
    """A refused action, with a message fit to show the user."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class CaseUploadError(ExerciseError):
    pass


class TemplateImportError(ExerciseError):
    pass


class AttemptsExhausted(ExerciseError):
    pass
