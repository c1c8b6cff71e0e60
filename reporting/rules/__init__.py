"""Declarative derived-field rules (threshold tables, points, ranges, conditions)."""

from reporting.rules.engine import (
    OPERATORS,
    Explanation,
    RuleError,
    RuleSet,
    RulesResult,
    apply_rules,
    bundled_rulesets,
    load_ruleset,
    output_inputs,
)
from reporting.rules.validate import validate_ruleset

__all__ = [
    "OPERATORS",
    "Explanation",
    "RuleError",
    "RuleSet",
    "RulesResult",
    "apply_rules",
    "bundled_rulesets",
    "load_ruleset",
    "output_inputs",
    "validate_ruleset",
]
