"""Applying a rule set to report values: conditions, points, computed values, and the
explanation each derived value carries."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from reporting.rules.model import _UNARY, Explanation, RuleError, RuleSet, RulesResult

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
    numbers_present = [n for n in numbers if n is not None]
    op = rule["op"]
    result: Decimal
    if op == "round":
        result = numbers_present[0]
        shown = f"{names[0]} = {_num(values.get(names[0]))}"
    elif op == "difference":
        result = numbers_present[0] - numbers_present[1]
        shown = f"{names[0]} - {names[1]} = {_num(values[names[0]])} - {_num(values[names[1]])}"
    else:  # mean
        result = sum(numbers_present, Decimal(0)) / len(numbers_present)
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
    target: Any = cond.get("value")
    try:
        if op == "==":
            return bool(given == target)
        if op == "!=":
            return bool(given != target)
        if op == "in":
            return any(g in target for g in given) if isinstance(given, list) else given in target
        if op == "not in":
            return given not in target
        if not (_is_number(given) and _is_number(target)):
            return False
        return bool(
            {
                "<": given < target,
                "<=": given <= target,
                ">": given > target,
                ">=": given >= target,
            }[op]
        )
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
