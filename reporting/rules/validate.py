"""Validation of rule files, with messages an instructor can act on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reporting.rules.engine import COMPUTE_OPS, OPERATORS, expand

__all__ = ["validate_ruleset"]

_TYPES = {"table", "points", "ranges", "condition", "compute"}


def validate_ruleset(data: Any, known_fields: Iterable[str] | None = None) -> list[str]:
    """Every problem found in a rule set (empty list when valid).

    Checks: required keys, rule types, operators, fields (declared inputs, earlier outputs,
    and ``known_fields`` such as a template's field ids when given), range tables sorted
    and non-overlapping, threshold rows that an earlier row already covers.
    """
    if not isinstance(data, Mapping):
        return ["rule set must be a JSON object"]
    problems: list[str] = []
    for key in ("id", "rules"):
        if key not in data:
            problems.append(f"missing key {key!r}")
    if problems:
        return problems
    repeat = data.get("repeat") or {}
    if not isinstance(repeat, Mapping) or len(repeat) > 1:
        return ["'repeat' must be an object with one placeholder, e.g. {'side': ['right_']}"]
    if not isinstance(data["rules"], list):
        return ["'rules' must be a list"]
    try:
        inputs, rules = expand(data)
    except Exception as error:  # noqa: BLE001 - report malformed structure as a message
        return [f"cannot expand rules: {error}"]
    allowed = set(inputs) | set(known_fields or ())
    for index, rule in enumerate(rules, start=1):
        where = f"rule {index} ({rule.get('id', '?')})"
        if not isinstance(rule, Mapping):
            problems.append(f"{where}: must be an object")
            continue
        kind = rule.get("type")
        if kind not in _TYPES:
            problems.append(f"{where}: unknown type {kind!r} (use one of {sorted(_TYPES)})")
            continue
        if not rule.get("output"):
            problems.append(f"{where}: missing 'output' field")
        if kind == "table":
            problems += _check_table(rule, where, allowed)
        elif kind == "points":
            tables = rule.get("tables")
            if not isinstance(tables, Mapping) or not tables:
                problems.append(f"{where}: 'tables' must map field -> {{option: points}}")
            else:
                for name, table in tables.items():
                    if name not in allowed:
                        problems.append(f"{where}: unknown field {name!r}")
                    if not isinstance(table, Mapping) or not all(
                        isinstance(v, int | float) for v in table.values()
                    ):
                        problems.append(f"{where}: points for {name!r} must be numbers")
            for number, override in enumerate(rule.get("overrides") or [], start=1):
                if not isinstance(override, Mapping) or "when" not in override:
                    problems.append(f"{where} override {number}: needs 'when' and 'then'")
                    continue
                then = override.get("then")
                if isinstance(then, bool) or not isinstance(then, int | float):
                    problems.append(f"{where} override {number}: 'then' must be a number")
                problems += _check_condition(
                    override["when"], f"{where} override {number}", allowed
                )
        elif kind == "ranges":
            problems += _check_ranges(rule, where, allowed)
        elif kind == "condition":
            problems += _check_condition(rule.get("when"), where, allowed)
        elif kind == "compute":
            problems += _check_compute(rule, where, allowed)
        if rule.get("output"):
            allowed.add(rule["output"])
    if known_fields is not None:
        for name in inputs:
            if name not in set(known_fields):
                problems.append(f"input {name!r} is not a field of the template")
    return problems


def _check_compute(rule: Mapping[str, Any], where: str, allowed: set[str]) -> list[str]:
    problems: list[str] = []
    op = rule.get("op")
    inputs = rule.get("inputs")
    if op not in COMPUTE_OPS:
        problems.append(f"{where}: bad compute op {op!r} (use one of {', '.join(COMPUTE_OPS)})")
    wanted = {"round": 1, "difference": 2}.get(op) if isinstance(op, str) else None
    if not isinstance(inputs, list) or not inputs:
        return problems + [f"{where}: 'inputs' must be a non-empty list of fields"]
    if wanted is not None and len(inputs) != wanted:
        problems.append(f"{where}: {op!r} takes {wanted} input(s), got {len(inputs)}")
    problems += [f"{where}: unknown field {name!r}" for name in inputs if name not in allowed]
    digits = rule.get("digits")
    if digits is not None and (
        isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 6
    ):
        problems.append(f"{where}: 'digits' must be a whole number from 0 to 6")
    return problems


def _check_condition(cond: Any, where: str, allowed: set[str]) -> list[str]:
    if not isinstance(cond, Mapping):
        return [f"{where}: condition must be an object"]
    for combinator in ("all", "any"):
        if combinator in cond:
            parts = cond[combinator]
            if not isinstance(parts, list) or not parts:
                return [f"{where}: '{combinator}' needs a non-empty list"]
            return [p for c in parts for p in _check_condition(c, where, allowed)]
    if "not" in cond:
        return _check_condition(cond["not"], where, allowed)
    problems = []
    name, op = cond.get("field"), cond.get("op")
    if name not in allowed:
        problems.append(f"{where}: unknown field {name!r}")
    if op not in OPERATORS:
        problems.append(f"{where}: bad operator {op!r} (use one of {', '.join(OPERATORS)})")
    elif op in {"<", "<=", ">", ">="} and not isinstance(cond.get("value"), int | float):
        problems.append(f"{where}: operator {op!r} needs a numeric value")
    elif op in {"in", "not in"} and not isinstance(cond.get("value"), list):
        problems.append(f"{where}: operator {op!r} needs a list value")
    elif op not in {"present", "missing"} and "value" not in cond:
        problems.append(f"{where}: operator {op!r} needs a value")
    return problems


def _threshold(cond: Mapping[str, Any]) -> tuple[str, str, float, str] | None:
    """(field, op, value, rest-of-condition key) for a row that is one numeric threshold
    plus optional equality guards, so that rows with the same guards can be compared."""
    leaves = cond.get("all", [cond]) if "any" not in cond and "not" not in cond else None
    if not leaves:
        return None
    numeric = [c for c in leaves if c.get("op") in {"<", "<=", ">", ">="}]
    if len(numeric) != 1:
        return None
    guards = sorted(
        repr((c.get("field"), c.get("op"), c.get("value"))) for c in leaves if c is not numeric[0]
    )
    leaf = numeric[0]
    return leaf["field"], leaf["op"], float(leaf["value"]), "|".join(guards)


def _check_table(rule: Mapping[str, Any], where: str, allowed: set[str]) -> list[str]:
    rows = rule.get("rows")
    if not isinstance(rows, list) or not rows:
        return [f"{where}: 'rows' must be a non-empty list"]
    problems: list[str] = []
    seen: list[tuple[int, tuple[str, str, float, str]]] = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping) or "when" not in row or "then" not in row:
            problems.append(f"{where} row {number}: needs 'when' and 'then'")
            continue
        problems += _check_condition(row["when"], f"{where} row {number}", allowed)
        th = _threshold(row["when"])
        if th is None:
            continue
        for earlier_number, earlier in seen:
            if earlier[0] != th[0] or earlier[3] != th[3]:
                continue
            # An upper bound row (<, <=) after a looser upper bound is never reached; same
            # for lower bounds (>, >=) after a looser lower bound: rows are out of order.
            upper = th[1] in {"<", "<="} and earlier[1] in {"<", "<="}
            lower = th[1] in {">", ">="} and earlier[1] in {">", ">="}
            shadowed = (upper and th[2] <= earlier[2]) or (lower and th[2] >= earlier[2])
            if shadowed:
                problems.append(
                    f"{where} row {number}: never reached, row {earlier_number} already covers "
                    f"{th[0]} {th[1]} {th[2]:g} (rows unsorted or overlapping)"
                )
        seen.append((number, th))
    return problems


def _check_ranges(rule: Mapping[str, Any], where: str, allowed: set[str]) -> list[str]:
    problems: list[str] = []
    if rule.get("input") not in allowed:
        problems.append(f"{where}: unknown field {rule.get('input')!r}")
    rows = rule.get("rows")
    if not isinstance(rows, list) or not rows:
        return problems + [f"{where}: 'rows' must be a non-empty list"]
    previous_high: float | None = None
    for number, row in enumerate(rows, start=1):
        low, high = row.get("min"), row.get("max")
        if "then" not in row:
            problems.append(f"{where} row {number}: needs 'then'")
        if low is not None and high is not None and low >= high:
            problems.append(f"{where} row {number}: min {low} must be below max {high}")
        if number > 1:
            if low is None or previous_high is None:
                problems.append(f"{where} row {number}: only the first row may omit 'min'")
            elif low < previous_high:
                problems.append(
                    f"{where} row {number}: overlaps or is unsorted (min {low} < previous "
                    f"max {previous_high})"
                )
            elif low > previous_high:
                problems.append(f"{where} row {number}: gap between {previous_high} and {low}")
        if high is None and number != len(rows):
            problems.append(f"{where} row {number}: only the last row may omit 'max'")
        previous_high = high
    return problems
