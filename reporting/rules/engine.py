"""Declarative rules: threshold tables, point sums, range lookups and boolean conditions.

Rule sets are JSON data (see docs/reporting/cases-rules-grading.md). Nothing here evaluates
author text as code: conditions are trees of {field, op, value} leaves combined with
all/any/not, interpreted by :func:`_test`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reporting.rules.evaluate import (
    apply_rules,
)
from reporting.rules.model import COMPUTE_OPS as COMPUTE_OPS  # re-exported
from reporting.rules.model import (
    OPERATORS,
    RULES_DIR,
    Explanation,
    RuleError,
    RuleSet,
    RulesResult,
)

__all__ = [
    "Explanation",
    "OPERATORS",
    "RuleError",
    "RuleSet",
    "RulesResult",
    "apply_rules",
    "bundled_rulesets",
    "load_ruleset",
    "output_inputs",
]


# --- loading -----------------------------------------------------------------------------


def bundled_rulesets() -> list[str]:
    return sorted(p.stem for p in RULES_DIR.glob("*.json"))


def load_ruleset(source: str | Path | Mapping[str, Any]) -> RuleSet:
    """Load and validate a rule set: a bundled id, a JSON path or an already-parsed dict."""
    from reporting.rules.validate import validate_ruleset

    if isinstance(source, Mapping):
        data = dict(source)
    else:
        path = Path(source)
        if not path.suffix and not path.exists():
            path = RULES_DIR / f"{source}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise RuleError([f"rule set not found: {source}"], "rule_set_not_found") from None
        except json.JSONDecodeError as error:
            raise RuleError([f"{path.name}: invalid JSON ({error})"], "invalid_json") from None
    problems = validate_ruleset(data)
    if problems:
        raise RuleError(problems)
    return _compile(data)


def expand(data: Mapping[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """Substitute ``{name}`` placeholders for each value of ``repeat`` (per-side rules)."""
    repeat: dict[str, list[str]] = data.get("repeat") or {}
    inputs = list(data.get("inputs") or [])
    rules = list(data.get("rules") or [])
    if not repeat:
        return inputs, [dict(r) for r in rules]
    ((name, values),) = repeat.items()
    placeholder = "{" + name + "}"
    out_inputs: list[str] = []
    out_rules: list[dict[str, Any]] = []
    for value in values:
        out_inputs += [_sub(i, placeholder, value) for i in inputs]
    for rule in rules:
        # A rule without the placeholder is shared (e.g. a summary across sides): once.
        text = json.dumps(rule)
        if placeholder not in text:
            out_rules.append(dict(rule))
            continue
        for value in values:
            expanded = json.loads(text.replace(placeholder, value))
            expanded["id"] = f"{rule.get('id', 'rule')}[{value.strip('_')}]"
            out_rules.append(expanded)
    return sorted(set(out_inputs), key=out_inputs.index), out_rules


def _sub(text: str, placeholder: str, value: str) -> str:
    return text.replace(placeholder, value)


def _compile(data: Mapping[str, Any]) -> RuleSet:
    inputs, rules = expand(data)
    return RuleSet(
        id=str(data["id"]),
        title=str(data.get("title", data["id"])),
        template=data.get("template"),
        inputs=tuple(inputs),
        rules=tuple(rules),
        source=dict(data),
    )


def output_inputs(ruleset: RuleSet) -> dict[str, tuple[str, ...]]:
    """For each output, the input fields it is derived from (through earlier outputs).

    The grader uses it to tell whether a trainee's derived value follows from the
    trainee's own inputs: only these inputs matter, not every input of the rule set.
    """
    direct: dict[str, set[str]] = {}
    for rule in ruleset.rules:
        names: set[str] = set()
        kind = rule["type"]
        if kind == "table":
            for row in rule["rows"]:
                names |= _condition_fields(row["when"])
        elif kind == "points":
            names |= set(rule["tables"])
            for override in rule.get("overrides") or ():
                names |= _condition_fields(override["when"])
        elif kind == "ranges":
            names.add(rule["input"])
        elif kind == "condition":
            names |= _condition_fields(rule["when"])
        elif kind == "compute":
            names |= set(rule["inputs"])
        direct.setdefault(rule["output"], set()).update(names)
    resolved: dict[str, tuple[str, ...]] = {}
    for output in direct:
        seen: set[str] = set()
        stack = [output]
        leaves: set[str] = set()
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            for used in direct.get(name, ()):
                if used in direct and used != name:
                    stack.append(used)
                elif used != name:
                    leaves.add(used)
        resolved[output] = tuple(sorted(leaves))
    return resolved


def _condition_fields(cond: Mapping[str, Any]) -> set[str]:
    for combinator in ("all", "any"):
        if combinator in cond:
            return set().union(*(_condition_fields(c) for c in cond[combinator]))
    if "not" in cond:
        return _condition_fields(cond["not"])
    return {cond["field"]}
