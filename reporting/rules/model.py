"""What a rule set is and what applying it yields: rule sets, results, explanations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporting.errors import EngineError, Problem

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "rules"
OPERATORS = ("<", "<=", ">", ">=", "==", "!=", "in", "not in", "present", "missing")
COMPUTE_OPS = ("round", "difference", "mean")
_UNARY = {"present", "missing"}


class RuleError(EngineError):
    """A rule file is invalid or missing; ``problems`` lists every problem found
    (code ``rule_set_not_found``, ``invalid_json`` or ``invalid_rule_set``)."""

    def __init__(self, problems: list[str] | list[Problem], code: str = "invalid_rule_set"):
        super().__init__(
            [p if isinstance(p, Problem) else Problem(None, code, str(p)) for p in problems]
        )


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a derived field has its value: the rule (and row) that fired, in words."""

    field: str
    value: Any
    rule: str
    text: str
    source: str = ""  # the published row this value comes from (citation)

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "rule": self.rule,
            "text": self.text,
            "source": self.source,
        }


@dataclass(slots=True)
class RulesResult:
    values: dict[str, Any] = field(default_factory=dict)
    explanations: dict[str, Explanation] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "values": self.values,
            "explanations": {k: e.as_dict() for k, e in self.explanations.items()},
        }


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    title: str
    template: str | None
    inputs: tuple[str, ...]
    rules: tuple[dict[str, Any], ...]  # expanded (per-side placeholders substituted)
    source: dict[str, Any]

    @property
    def outputs(self) -> tuple[str, ...]:
        return tuple(rule["output"] for rule in self.rules)
