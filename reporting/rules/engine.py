"""Declarative rules: threshold tables, point sums, range lookups and boolean conditions.

Rule sets are JSON data (see docs/reporting/cases-rules-grading.md). Nothing here evaluates
author text as code: conditions are trees of {field, op, value} leaves combined with
all/any/not, interpreted by :func:`_test`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from reporting.errors import EngineError, Problem

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


# --- evaluation --------------------------------------------------------------------------


def apply_rules(ruleset: RuleSet, values: Mapping[str, Any]) -> RulesResult:
    """Evaluate every rule in order; later rules see earlier outputs (points -> level)."""
    work = dict(values)
    result = RulesResult()
    for rule in ruleset.rules:
        value, text, source = _evaluate(rule, work)
        name = rule["output"]
        label = f"{ruleset.id}/{rule['id']}"
        result.explanations[name] = Explanation(name, value, label, text, source)
        if value is not None:
            work[name] = value
            result.values[name] = value
    return result


def _evaluate(rule: Mapping[str, Any], values: Mapping[str, Any]) -> tuple[Any, str, str]:
    """(value, why in words, source citation) for one rule."""
    kind = rule["type"]
    rule_source = str(rule.get("source", ""))
    if kind == "table":
        for number, row in enumerate(rule["rows"], start=1):
            if _test(row["when"], values):
                why = row.get("why", "")
                return (
                    row["then"],
                    f"row {number} fired: {_describe(row['when'], values)} -> "
                    f"{row['then']!r}" + (f" ({why})" if why else ""),
                    str(row.get("source", rule_source)),
                )
        default = rule.get("default")
        if isinstance(default, Mapping):
            return (
                default.get("then"),
                "no row matched; default "
                + (
                    f"{default.get('then')!r}"
                    + (f" ({default['why']})" if default.get("why") else "")
                ),
                str(default.get("source", rule_source)),
            )
        return None, "no row matched and no default: value not derived", rule_source
    if kind == "points":
        return _points(rule, values, rule_source)
    if kind == "ranges":
        given = values.get(rule["input"])
        if not _is_number(given):
            return None, f"{rule['input']} not given: value not derived", rule_source
        for row in rule["rows"]:
            low, high = row.get("min"), row.get("max")
            if (low is None or given >= low) and (high is None or given < high):
                bounds = _bounds(low, high)
                return (
                    row["then"],
                    f"{rule['input']} = {_num(given)} in {bounds} -> {row['then']!r}"
                    + (f" ({row['why']})" if row.get("why") else ""),
                    str(row.get("source", rule_source)),
                )
        return None, f"{rule['input']} = {_num(given)} outside every range", rule_source
    if kind == "condition":
        ok = _test(rule["when"], values)
        value = rule.get("then") if ok else rule.get("else")
        verdict = "true" if ok else "false"
        return (
            value,
            f"condition {verdict}: {_describe(rule['when'], values)} -> {value!r}",
            rule_source,
        )
    if kind == "compute":
        return (*_compute(rule, values), rule_source)
    raise RuleError([f"unknown rule type {kind!r}"])  # validated earlier; defensive


def _points(
    rule: Mapping[str, Any], values: Mapping[str, Any], rule_source: str
) -> tuple[Any, str, str]:
    # An override replaces the sum (ACR TI-RADS: a spongiform nodule scores 0 and no
    # points are added for the other categories), so it needs none of them.
    for override in rule.get("overrides") or ():
        if _test(override["when"], values):
            why = override.get("why", "")
            return (
                float(override["then"]),
                f"{_describe(override['when'], values)} -> {_num(float(override['then']))} "
                "points, other categories not added" + (f" ({why})" if why else ""),
                str(override.get("source", rule_source)),
            )
    if rule.get("require") and any(values.get(n) in (None, [], "") for n in rule["require"]):
        missing = [n for n in rule["require"] if values.get(n) in (None, [], "")]
        return None, f"not derived: missing {', '.join(missing)}", rule_source
    total = 0.0
    parts = []
    for name, table in rule["tables"].items():
        given = values.get(name)
        selected = given if isinstance(given, list) else ([] if given is None else [given])
        if not selected:
            parts.append(f"{name} not given (0)")
            continue
        points = [float(table.get(str(option), 0)) for option in selected]
        total += sum(points)
        shown = " + ".join(
            f"{option}={_num(p)}" for option, p in zip(selected, points, strict=True)
        )
        parts.append(f"{name}: {shown}")
    return total, f"sum of points {_num(total)} ({'; '.join(parts)})", rule_source


def _decimal(value: Any) -> Decimal | None:
    if not _is_number(value):
        return None
    try:
        # str() first: 5.95 is the decimal the trainee typed, not 5.9499999... in binary.
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _compute(rule: Mapping[str, Any], values: Mapping[str, Any]) -> tuple[Any, str]:
    """Arithmetic on numeric fields, in decimal: round (half up), difference, mean."""
    names = list(rule["inputs"])
    numbers = [_decimal(values.get(name)) for name in names]
    missing = [name for name, number in zip(names, numbers, strict=True) if number is None]
    if missing:
        return None, f"not derived: missing {', '.join(missing)}"
    op = rule["op"]
    if op == "round":
        result = numbers[0]
        shown = f"{names[0]} = {_num(values.get(names[0]))}"
    elif op == "difference":
        result = numbers[0] - numbers[1]
        shown = f"{names[0]} - {names[1]} = {_num(values[names[0]])} - {_num(values[names[1]])}"
    else:  # mean
        result = sum(numbers, Decimal(0)) / len(numbers)
        shown = "mean of " + ", ".join(f"{n} = {_num(values[n])}" for n in names)
    digits = rule.get("digits")
    if digits is not None:
        result = result.quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
        shown += f", rounded half up to {int(digits)} decimal(s)"
    number = float(result)
    return number, f"{shown} -> {_num(number)}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _bounds(low: Any, high: Any) -> str:
    if low is None:
        return f"< {_num(high)}"
    if high is None:
        return f">= {_num(low)}"
    return f"[{_num(low)}, {_num(high)})"


def _test(cond: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    if "all" in cond:
        return all(_test(c, values) for c in cond["all"])
    if "any" in cond:
        return any(_test(c, values) for c in cond["any"])
    if "not" in cond:
        return not _test(cond["not"], values)
    op = cond["op"]
    given = values.get(cond["field"])
    present = given not in (None, "", [])
    if op == "present":
        return present
    if op == "missing":
        return not present
    if not present:
        return False
    target = cond.get("value")
    try:
        if op == "==":
            return given == target
        if op == "!=":
            return given != target
        if op == "in":
            return any(g in target for g in given) if isinstance(given, list) else given in target
        if op == "not in":
            return given not in target
        if not (_is_number(given) and _is_number(target)):
            return False
        return {
            "<": given < target,
            "<=": given <= target,
            ">": given > target,
            ">=": given >= target,
        }[op]
    except TypeError:
        return False


def _describe(cond: Mapping[str, Any], values: Mapping[str, Any]) -> str:
    if "all" in cond:
        return " and ".join(_describe(c, values) for c in cond["all"])
    if "any" in cond:
        hits = [c for c in cond["any"] if _test(c, values)] or list(cond["any"])
        return " or ".join(_describe(c, values) for c in hits)
    if "not" in cond:
        return f"not ({_describe(cond['not'], values)})"
    given = values.get(cond["field"])
    if cond["op"] in _UNARY:
        return f"{cond['field']} is {cond['op']}"
    shown = _num(given) if given is not None else "(none)"
    return f"{cond['field']} = {shown} {cond['op']} {cond.get('value')!r}".replace("'", "")


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
