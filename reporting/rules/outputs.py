"""What a rule set can derive: each output field and the values it can take.

Used to check an instructor's answer for a derived field: an answer no row of the rule
set can produce (a Lung-RADS category "9Z") can never be the right one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reporting.rules.engine import RuleSet

__all__ = ["RuleOutput", "rule_outputs"]

NUMERIC_RULES = frozenset({"compute", "points"})


@dataclass(frozen=True, slots=True)
class RuleOutput:
    """One derived field: ``values`` is the finite set of answers its rule can give, or
    None when the rule computes a number."""

    field: str
    rule: str
    values: tuple[Any, ...] | None

    @property
    def numeric(self) -> bool:
        return self.values is None


def _then_values(rule: Mapping[str, Any]) -> list[Any]:
    kind = rule["type"]
    found: list[Any] = []
    if kind in {"table", "ranges"}:
        found = [row.get("then") for row in rule.get("rows", [])]
        default = rule.get("default")
        if isinstance(default, Mapping):
            found.append(default.get("then"))
    elif kind == "condition":
        found = [rule.get("then"), rule.get("else")]
    unique: list[Any] = []
    for value in found:
        if value is not None and value not in unique:
            unique.append(value)
    return unique


def rule_outputs(ruleset: RuleSet) -> dict[str, RuleOutput]:
    """Every field the rule set derives, with the values it can derive for it."""
    outputs: dict[str, RuleOutput] = {}
    for rule in ruleset.rules:
        name = rule["output"]
        numeric = rule["type"] in NUMERIC_RULES
        values = None if numeric else tuple(_then_values(rule))
        outputs[name] = RuleOutput(
            field=name, rule=f"{ruleset.id}/{rule.get('id', '')}", values=values
        )
    return outputs
