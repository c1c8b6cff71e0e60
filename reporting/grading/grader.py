"""Grade a trainee's report against an answer key, field by field, with feedback.

Key format (JSON)::

    {"template": "carotid-duplex", "case": {...}, "pass_mark": 0.7,
     "fields": {"right_ica_psv": {"expected": 231.0, "comparator": "number", "weight": 1,
                                  "tolerance": {"abs": 10}, "unit": "cm/s"},
                "right_stenosis_grade": {"expected": "ge70", "comparator": "derived",
                                         "weight": 2, "rule": "sru-carotid-2003/..."},
                "impression": {"expected": "...", "comparator": "keywords", "weight": 2,
                               "keywords": [{"any": ["stenosis"], "negated": false}]}}}

Comparators: coded (option value or a synonym), number (absolute or relative tolerance,
after unit conversion), multi (Jaccard |E n G| / |E u G|), derived (the rule's output,
exactly), text (any non-empty text: completeness only), keywords (fraction of required
findings mentioned with the right polarity). ``required`` (default true) fields that are
left empty score 0 and count against completeness."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reporting.errors import EngineError, Problem, gettext_noop
from reporting.grading.comparators import (
    Check,
    _check_for,
    _empty,
)
from reporting.grading.keys import COMPARATORS, check_entry

__all__ = [
    "COMPARATORS",
    "GRADER_VERSION",
    "CompiledKey",
    "FieldFeedback",
    "GradeResult",
    "KeyError_",
    "compile_key",
    "grade",
]

GRADER_VERSION = "iia-grader/1.1"  # 1.1: derived fields graded against the trainee's inputs


class KeyError_(EngineError):  # noqa: N801 - "KeyError" is a builtin
    """The answer key is invalid; ``problems`` say which field, what and why."""


@dataclass(frozen=True, slots=True)
class FieldFeedback:
    field: str
    comparator: str
    expected: Any
    given: Any
    points: float
    possible: float
    correct: bool
    why: str
    rule: str | None = None
    # What the trainee's own inputs give for a derived field, and the rule row for it.
    implied: Any = None
    implied_rule: str | None = None
    source: str | None = None  # the published row the expected value comes from

    def as_dict(self) -> dict[str, Any]:
        out = {
            "field": self.field,
            "comparator": self.comparator,
            "expected": self.expected,
            "given": self.given,
            "points": round(self.points, 6),
            "possible": self.possible,
            "correct": self.correct,
            "why": self.why,
            "rule": self.rule,
        }
        if self.source:
            out["source"] = self.source
        if self.implied_rule is not None:
            out["implied"] = self.implied
            out["implied_rule"] = self.implied_rule
        return out


@dataclass(slots=True)
class GradeResult:
    template: str
    score: float
    points: float
    possible: float
    passed: bool
    pass_mark: float
    completeness: float
    fields: list[FieldFeedback] = field(default_factory=list)
    extra_fields: list[str] = field(default_factory=list)
    grader_version: str = GRADER_VERSION

    def as_dict(self) -> dict[str, Any]:
        return {
            "grader_version": self.grader_version,
            "template": self.template,
            "score": round(self.score, 6),
            "points": round(self.points, 6),
            "possible": self.possible,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "completeness": round(self.completeness, 6),
            "fields": [f.as_dict() for f in self.fields],
            "extra_fields": self.extra_fields,
        }


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    comparator: str
    expected: Any
    weight: float
    required: bool
    rule: str | None
    check: Check
    inputs: tuple[str, ...] = ()
    spec: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class CompiledKey:
    """A key parsed once, ready to grade many reports quickly."""

    template: str
    pass_mark: float
    fields: tuple[_Field, ...]
    names: frozenset[str]
    possible: float
    rule_sets: tuple[Any, ...] = ()  # loaded RuleSets, in order


def _load_rule_sets(ids: Any) -> tuple[Any, ...]:
    from reporting.rules import RuleError, load_ruleset

    if not isinstance(ids, list):
        return ()
    loaded = []
    for ruleset_id in ids:
        try:
            loaded.append(load_ruleset(str(ruleset_id)))
        except (RuleError, ValueError):
            raise KeyError_(
                Problem(
                    None,
                    "unknown_rule_set",
                    gettext_noop("rule set %(id)r cannot be loaded"),
                    {"id": ruleset_id},
                )
            ) from None
    return tuple(loaded)


def compile_key(key: Mapping[str, Any]) -> CompiledKey:
    """Validate and pre-compile an answer key; KeyError_ lists every problem found."""
    if not isinstance(key, Mapping) or not isinstance(key.get("fields"), Mapping):
        raise KeyError_(
            Problem(None, "no_fields", gettext_noop("an answer key needs a 'fields' object"))
        )
    try:
        pass_mark = float(key.get("pass_mark", 0.7))
    except (TypeError, ValueError):
        pass_mark = -1.0
    if not 0 <= pass_mark <= 1:
        raise KeyError_(
            Problem(None, "bad_pass_mark", gettext_noop("pass_mark must be between 0 and 1"))
        )
    problems = [p for name, spec in key["fields"].items() for p in check_entry(str(name), spec)]
    if problems:
        raise KeyError_(problems)
    rule_sets = _load_rule_sets(key.get("rule_sets"))
    # What each derived field is derived from: the key says (engine-built keys), or the
    # rule sets do (keys stored before keys recorded it).
    from reporting.rules import output_inputs

    derived_from: dict[str, tuple[str, ...]] = {}
    for ruleset in rule_sets:
        derived_from.update(output_inputs(ruleset))
    fields = []
    for name, spec in key["fields"].items():
        comparator = spec.get("comparator", "coded")
        expected = spec.get("expected")
        fields.append(
            _Field(
                name,
                comparator,
                expected,
                float(spec.get("weight", 1.0)),
                bool(spec.get("required", True)),
                spec.get("rule"),
                _check_for(name, comparator, expected, spec),
                tuple(spec.get("inputs") or derived_from.get(name, ())),
                spec,
            )
        )
    return CompiledKey(
        template=str(key.get("template", "")),
        pass_mark=pass_mark,
        fields=tuple(fields),
        names=frozenset(f.name for f in fields),
        possible=sum(f.weight for f in fields),
        rule_sets=rule_sets,
    )


def _implied(compiled: CompiledKey, values: Mapping[str, Any]) -> dict[str, Any]:
    """Explanations of what the rule sets derive from the trainee's own values."""
    from reporting.rules import apply_rules

    current = dict(values)
    explanations: dict[str, Any] = {}
    for ruleset in compiled.rule_sets:
        # The trainee's own derived answers must not feed the rules: drop the outputs.
        inputs = {k: v for k, v in current.items() if k not in ruleset.outputs}
        result = apply_rules(ruleset, inputs)
        explanations.update(result.explanations)
        current.update(result.values)
    return explanations


def _against_own_inputs(
    f: _Field,
    given: Any,
    credit: float,
    why: str,
    implied: Any,
    feedback: Mapping[str, FieldFeedback],
) -> tuple[float, str, Any, str | None]:
    """Grade a derived answer the case's key marks wrong against what the trainee's own
    inputs imply: when it follows from them and those inputs were all accepted (e.g. a
    5.2 mm measurement within +/-1 mm of a 6.0 mm key, on the other side of the 6 mm
    threshold), it earns the credit, and the feedback explains both derivations."""
    if implied is None or implied.value is None:
        return credit, why, None, None
    implied_rule = f"{implied.rule}: {implied.text}"
    own = _check_for(f.name, f.comparator, implied.value, f.spec or {})
    try:
        follows, _ = own(given)
    except (TypeError, ValueError):
        follows = 0.0
    if credit >= 1.0:
        return credit, why, implied.value, implied_rule
    if follows < 1.0:
        return (
            credit,
            f"{why}; your own values give {implied.value!r} ({implied_rule})",
            implied.value,
            implied_rule,
        )
    read = [n for n in f.inputs if n in feedback]
    wrong = [n for n in read if not feedback[n].correct and not _empty(feedback[n].given)]
    missed = [n for n in read if _empty(feedback[n].given) and not _empty(feedback[n].expected)]
    if wrong or missed:
        return (
            credit,
            f"{given!r} follows from your own values ({implied_rule}), but "
            + ", ".join(wrong + missed)
            + f" differ from the case, whose values give {f.expected!r} ({f.rule})",
            implied.value,
            implied_rule,
        )
    return (
        1.0,
        f"accepted: your values, each within tolerance, give {implied.value!r} "
        f"({implied_rule}); the case's values give {f.expected!r} ({f.rule}): a measurement "
        "near a threshold can fall on either side of it",
        implied.value,
        implied_rule,
    )


def grade(key: CompiledKey | Mapping[str, Any], report_values: Mapping[str, Any]) -> GradeResult:
    """Score a report's values against the key; deterministic, feedback for every field.

    Derived fields are graded after the fields they are derived from, so that a derived
    answer that follows from accepted inputs is not marked wrong (see _against_own_inputs).
    """
    compiled = key if isinstance(key, CompiledKey) else compile_key(key)
    implied = _implied(compiled, report_values) if compiled.rule_sets else {}
    by_name: dict[str, FieldFeedback] = {}
    total = 0.0
    required = answered = 0
    order = [f for f in compiled.fields if not f.inputs] + [f for f in compiled.fields if f.inputs]
    for f in order:
        given = report_values.get(f.name)
        if f.required:
            required += 1
        if _empty(given):
            if f.required:
                why = "missing (required)"
            elif _empty(f.expected) or f.comparator == "multi" and f.expected == []:
                total += f.weight
                by_name[f.name] = FieldFeedback(
                    f.name,
                    f.comparator,
                    f.expected,
                    given,
                    f.weight,
                    f.weight,
                    True,
                    "left empty, nothing expected",
                    f.rule,
                )
                continue
            else:
                why = "left empty"
            by_name[f.name] = FieldFeedback(
                f.name, f.comparator, f.expected, given, 0.0, f.weight, False, why, f.rule
            )
            continue
        if f.required:
            answered += 1
        credit, why = f.check(given)
        credit = min(1.0, max(0.0, credit))
        implied_value, implied_rule = None, None
        if f.inputs and f.name in implied:
            credit, why, implied_value, implied_rule = _against_own_inputs(
                f, given, credit, why, implied[f.name], by_name
            )
        points = f.weight * credit
        total += points
        if f.rule and f.comparator != "derived":
            why += f"; expected value from {f.rule}"
        by_name[f.name] = FieldFeedback(
            f.name,
            f.comparator,
            f.expected,
            given,
            points,
            f.weight,
            credit >= 1.0,
            why,
            f.rule,
            implied_value,
            implied_rule,
            (f.spec or {}).get("source"),
        )
    feedback = [by_name[f.name] for f in compiled.fields]
    score = total / compiled.possible if compiled.possible else 1.0
    return GradeResult(
        template=compiled.template,
        score=score,
        points=total,
        possible=compiled.possible,
        passed=score >= compiled.pass_mark - 1e-12,
        pass_mark=compiled.pass_mark,
        completeness=answered / required if required else 1.0,
        fields=feedback,
        extra_fields=sorted(set(report_values) - compiled.names),
    )
