"""Structured errors of the engine: each problem says which field, what kind, and why.

Callers (the site, the CLI) read ``problem.field`` and ``problem.code`` instead of parsing
message text. ``message`` is English; ``template`` and ``params`` let a caller translate
it (the templates are marked with ``gettext_noop`` so that message extraction finds them).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

__all__ = ["EngineError", "Problem", "gettext_noop"]


def gettext_noop(text: str) -> str:
    """Mark a message template for translation without translating it (no Django here)."""
    return text


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: ``field`` (None for the whole document), a stable ``code``, a message."""

    field: str | None
    code: str
    template: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template % self.params if self.params else self.template

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "code": self.code, "message": self.message}

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class EngineError(ValueError):
    """Bad input for the engine; ``problems`` lists every problem found (at least one)."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @property
    def field(self) -> str | None:
        return self.problems[0].field

    @property
    def code(self) -> str:
        return self.problems[0].code

    @property
    def message(self) -> str:
        return self.problems[0].message
