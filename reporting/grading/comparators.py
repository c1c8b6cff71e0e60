"""The per-field comparators: each builds a check that turns a trainee's value into
credit (0..1) and the reason, from the key's expected value and its tolerance or synonyms."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from reporting.grading.text import find_mentions, fold
from reporting.units import UnitError, convert

Check = Callable[[Any], tuple[float, str]]  # given -> (credit 0..1, why)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _coded(expected: Any, synonyms: list[Any], derived: bool, rule: str | None) -> Check:
    accepted = {fold(str(expected))} | {fold(str(s)) for s in synonyms}

    def check(given: Any) -> tuple[float, str]:
        if isinstance(given, list) and len(given) == 1:
            given = given[0]
        if fold(str(given)) in accepted:
            if derived:
                return 1.0, f"matches the derived value ({rule or 'rule'})"
            return 1.0, "correct option"
        if derived:
            return 0.0, f"expected {expected!r}, derived by {rule or 'the rule set'}"
        return 0.0, f"expected {expected!r}"

    return check


def _number(expected: float, unit: str | None, tolerance: Mapping[str, float]) -> Check:
    absolute = float(tolerance.get("abs", 0.0))
    relative = float(tolerance.get("rel", 0.0))
    allowed = max(absolute, relative * abs(expected))
    shown = f"+/- {allowed:g}{' ' + unit if unit else ''}"

    def check(given: Any) -> tuple[float, str]:
        value, given_unit = given, unit
        if isinstance(given, Mapping):
            value, given_unit = given.get("value"), given.get("unit") or unit
        try:
            number = float(value)
        except (TypeError, ValueError):
            return 0.0, f"not a number: {value!r}"
        if not math.isfinite(number):
            return 0.0, "not a finite number"
        if unit is not None and given_unit != unit:
            try:
                number = convert(number, given_unit, unit)
            except UnitError as error:
                return 0.0, f"unit problem: {error}"
        diff = abs(number - expected)
        if diff <= allowed + 1e-9:
            return 1.0, f"within tolerance ({number:g} vs {expected:g}, {shown})"
        return 0.0, f"{number:g} is {diff:g} from {expected:g} (tolerance {shown})"

    return check


def _multi(expected: list[Any], synonyms: Mapping[str, list[str]]) -> Check:
    canonical = {fold(str(e)): str(e) for e in expected}
    for option, words in (synonyms or {}).items():
        for word in words:
            canonical[fold(str(word))] = str(option)
    want = {str(e) for e in expected}

    def check(given: Any) -> tuple[float, str]:
        items = given if isinstance(given, list) else [given]
        got = {canonical.get(fold(str(g)), str(g)) for g in items if not _empty(g)}
        union = want | got
        if not union:
            return 1.0, "nothing expected, nothing given"
        hits = want & got
        credit = len(hits) / len(union)
        missing, wrong = sorted(want - got), sorted(got - want)
        why = f"Jaccard {len(hits)}/{len(union)}"
        if missing:
            why += f"; missing {missing}"
        if wrong:
            why += f"; not expected {wrong}"
        return credit, why

    return check


def _text() -> Check:
    def check(given: Any) -> tuple[float, str]:
        return 1.0, "text given (content not scored)"

    return check


def _keywords(requirements: list[Mapping[str, Any]]) -> Check:
    reqs = [
        ([str(t) for t in r.get("any", [])], bool(r.get("negated", False))) for r in requirements
    ]

    def check(given: Any) -> tuple[float, str]:
        text = fold(str(given))
        if not reqs:
            return 1.0, "no key findings required"
        met, notes = 0, []
        for terms, negated in reqs:
            ok = False
            for term in terms:
                positive, negative = find_mentions(text, term)
                if negative if negated else positive:
                    ok = True
                    break
            label = ("no " if negated else "") + " / ".join(terms)
            notes.append(("found: " if ok else "missing: ") + label)
            met += ok
        return met / len(reqs), f"{met}/{len(reqs)} key findings ({'; '.join(notes)})"

    return check


def _check_for(name: str, comparator: str, expected: Any, spec: Mapping[str, Any]) -> Check:
    rule = spec.get("rule")
    if comparator in {"coded", "derived"}:
        return _coded(expected, list(spec.get("synonyms", [])), comparator == "derived", rule)
    if comparator == "number":
        return _number(float(expected), spec.get("unit"), spec.get("tolerance") or {})
    if comparator == "multi":
        synonyms = spec.get("synonyms")
        syn: Mapping[str, list[str]] = synonyms if isinstance(synonyms, Mapping) else {}
        return _multi(expected, syn)
    if comparator == "keywords":
        return _keywords(list(spec.get("keywords", [])))
    return _text()
