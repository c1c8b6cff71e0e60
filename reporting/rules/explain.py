"""Which published criterion gives a derived field its value, as data for a teacher's words.

``apply_rules`` explains a value in the engine's own terms ("row 11 fired: ..."), which is
what exports and instructors read. A trainee needs the criterion itself: the row's author
text (``why``), its citation (``source``), the fields it reads and the rule set's title.
This module finds that row with the engine's public API only (a probe rule set whose rows
are the rule's own conditions, each answering with its index), so the row found is the one
the engine itself would pick. The words around it are the application's (translatable).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reporting.rules.engine import RuleError, RuleSet, apply_rules, load_ruleset

__all__ = ["Criterion", "criterion_for", "rule_for_output"]

_PROBE_OUTPUT = "__row"


@dataclass(frozen=True, slots=True)
class Criterion:
    """The criterion behind a derived value.

    ``kind`` is the rule's type (table, ranges, points, compute, condition); ``value`` what
    it gives for the values asked about (None: nothing derived); ``why`` and ``source`` the
    author's text and citation of the row (or rule) used, as written in the rule set;
    ``fields`` the fields the row's condition reads, in order; ``ruleset_title`` and
    ``ruleset_source`` name the published rule set."""

    ruleset_id: str
    ruleset_title: str
    ruleset_source: str
    rule_id: str
    kind: str
    value: Any
    why: str
    source: str
    fields: tuple[str, ...] = ()


@lru_cache(maxsize=64)
def _ruleset(ruleset_id: str) -> RuleSet | None:
    try:
        return load_ruleset(ruleset_id)
    except (RuleError, ValueError, OSError):
        return None


def rule_for_output(
    ruleset_ids: Iterable[str], output: str
) -> tuple[RuleSet, dict[str, Any]] | None:
    """The rule set and (expanded) rule that derives ``output``, or None."""
    for ruleset_id in ruleset_ids:
        ruleset = _ruleset(str(ruleset_id))
        if ruleset is None:
            continue
        for rule in ruleset.rules:
            if rule.get("output") == output:
                return ruleset, rule
    return None


def _leaf_fields(cond: Mapping[str, Any]) -> list[str]:
    for combinator in ("all", "any"):
        if combinator in cond:
            return [name for c in cond[combinator] for name in _leaf_fields(c)]
    if "not" in cond:
        return _leaf_fields(cond["not"])
    return [str(cond.get("field", ""))]


@lru_cache(maxsize=256)
def _probe(ruleset_id: str, rule_id: str) -> RuleSet | None:
    """A rule set with one table whose rows are the rule's conditions, in order, each
    answering with its own index: the engine's first match is the row the rule uses."""
    ruleset = _ruleset(ruleset_id)
    if ruleset is None:
        return None
    rule = next((r for r in ruleset.rules if r.get("id") == rule_id), None)
    if rule is None or rule.get("type") != "table":
        return None
    rows = [{"when": row["when"], "then": str(index)} for index, row in enumerate(rule["rows"])]
    fields = sorted({f for row in rule["rows"] for f in _leaf_fields(row["when"])} - {""})
    try:
        return load_ruleset(
            {
                "id": f"{ruleset_id}-probe",
                "inputs": [*ruleset.inputs, *ruleset.outputs, *fields],
                "rules": [{"id": "probe", "type": "table", "output": _PROBE_OUTPUT, "rows": rows}],
            }
        )
    except RuleError:
        return None


def _row(ruleset: RuleSet, rule: Mapping[str, Any], values: Mapping[str, Any]) -> Any:
    kind = rule.get("type")
    if kind == "table":
        probe = _probe(ruleset.id, str(rule["id"]))
        if probe is None:
            return None
        index = apply_rules(probe, values).values.get(_PROBE_OUTPUT)
        if index is not None:
            return rule["rows"][int(index)]
        return rule.get("default") if isinstance(rule.get("default"), Mapping) else None
    if kind == "ranges":
        given = values.get(rule["input"])
        if isinstance(given, int | float) and not isinstance(given, bool):
            for row in rule["rows"]:
                low, high = row.get("min"), row.get("max")
                if (low is None or given >= low) and (high is None or given < high):
                    return {**row, "when": {"field": rule["input"], "op": "present"}}
    return None


def criterion_for(
    ruleset_ids: Iterable[str], output: str, values: Mapping[str, Any]
) -> Criterion | None:
    """The criterion that gives ``output`` its value from ``values`` (earlier outputs of the
    same rule sets are derived first, as ``apply_rules`` does); None when no rule set of
    ``ruleset_ids`` derives it."""
    ids = [str(i) for i in ruleset_ids]
    found = rule_for_output(ids, output)
    if found is None:
        return None
    ruleset, rule = found
    current = dict(values)
    for ruleset_id in ids:
        loaded = _ruleset(ruleset_id)
        if loaded is None:
            continue
        inputs = {k: v for k, v in current.items() if k not in loaded.outputs}
        current.update(apply_rules(loaded, inputs).values)
        if loaded.id == ruleset.id:
            break
    value = current.get(output)
    row = _row(ruleset, rule, current)
    title = str(ruleset.source.get("title") or ruleset.title)
    cited = str(ruleset.source.get("source") or "")
    if row is None:  # the rule as a whole decided: its own reason and fields
        why, source = rule.get("why", ""), rule.get("source", "")
        fields = list(_rule_fields(rule))
    else:  # one row of the rule's table decided
        why, source = row.get("why", ""), row.get("source", rule.get("source", ""))
        fields = [f for f in _leaf_fields(row.get("when") or {}) if f]
    return Criterion(
        ruleset.id,
        title,
        cited,
        str(rule["id"]),
        str(rule["type"]),
        value,
        str(why),
        str(source),
        tuple(dict.fromkeys(fields)),
    )


def _rule_fields(rule: Mapping[str, Any]) -> list[str]:
    kind = rule.get("type")
    if kind == "points":
        return list(rule.get("tables") or {})
    if kind == "compute":
        return list(rule.get("inputs") or [])
    if kind == "ranges":
        return [str(rule["input"])]
    if kind == "condition":
        return _leaf_fields(rule.get("when") or {})
    return []
