"""An instructor's answer for one field of a key, checked against the template and the
exercise's rule sets before it is stored: a coded field takes one of the template's
options (and, when a rule set derives it, one the rule set can derive), a measurement a
number within the template's limits, a choice group a list of its options. The engine's
entry checker then checks the rest (weights, tolerances, units)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from courses.exercises.models import ExercisePage
from courses.exercises.services.errors import ExerciseError, translate_problem


def comparator_for(spec: Mapping[str, Any]) -> str:
    """How the grader compares answers for a template field of this type."""
    kind = spec.get("type")
    if kind == "NUMBER":
        return "number"
    if kind == "SELECTION_LIST":
        return "multi" if spec.get("multiple") else "coded"
    if kind == "CHECKBOX":
        return "coded"
    return "text"


def _listing(values: list[Any]) -> str:
    return ", ".join(str(v) for v in values) or gettext("(none)")


def _label(spec: Mapping[str, Any]) -> str:
    return spec.get("label") or spec["id"]


def _check_expected(spec: Mapping[str, Any], expected: Any, derivable: Any) -> None:
    """Refuse an expected value the field can never hold (ExerciseError on 'expected')."""
    if expected is None:
        return  # "nothing expected": leaving the field empty is right
    kind = spec.get("type")
    options = [o["value"] for o in spec.get("options", [])]
    if kind == "SELECTION_LIST" and spec.get("multiple"):
        if not isinstance(expected, list) or any(str(v) not in options for v in expected):
            raise ExerciseError(
                gettext("Choose options of “%(field)s” only: %(options)s.")
                % {"field": _label(spec), "options": _listing(options)},
                field="expected",
            )
        return
    if kind == "SELECTION_LIST":
        allowed = options
        if derivable is not None and derivable.values is not None:
            allowed = [o for o in options if o in {str(v) for v in derivable.values}]
        if not isinstance(expected, str) or expected not in allowed:
            raise ExerciseError(
                gettext(
                    "“%(value)s” is not an answer “%(field)s” can have; choose one of: %(options)s."
                )
                % {"value": expected, "field": _label(spec), "options": _listing(allowed)},
                field="expected",
            )
        return
    if kind == "NUMBER":
        if (
            isinstance(expected, bool)
            or not isinstance(expected, int | float)
            or not math.isfinite(expected)
        ):
            raise ExerciseError(
                gettext("“%(field)s” is a measurement: enter a number.") % {"field": _label(spec)},
                field="expected",
            )
        low, high = spec.get("min"), spec.get("max")
        if (low is not None and expected < low) or (high is not None and expected > high):
            raise ExerciseError(
                gettext("“%(field)s” takes numbers from %(min)s to %(max)s.")
                % {
                    "field": _label(spec),
                    "min": "-∞" if low is None else f"{low:g}",
                    "max": "∞" if high is None else f"{high:g}",
                },
                field="expected",
            )
        return
    if kind == "CHECKBOX":
        if not isinstance(expected, bool):
            raise ExerciseError(
                gettext("“%(field)s” is a checkbox: ticked or not.") % {"field": _label(spec)},
                field="expected",
            )
        return
    if not isinstance(expected, str):
        raise ExerciseError(
            gettext("“%(field)s” takes text.") % {"field": _label(spec)}, field="expected"
        )


def check_key_entry(
    *,
    exercise: ExercisePage,
    field_id: str,
    spec: Mapping[str, Any],
    derived_fields: Mapping[str, Any],
) -> dict[str, Any]:
    """The override for one field, checked and completed (a field the engine did not key,
    such as one no mapping fills, gets the comparator of its type and a weight of 1)."""
    from courses.exercises.catalogue import derived_outputs, template_fields
    from reporting.grading.keys import OVERRIDE_KEYS, check_entry

    fields = {f["id"]: f for f in template_fields(exercise.report_template)}
    field = fields.get(field_id)
    if field is None:
        raise ExerciseError(
            gettext("“%(field)s” is not a field of “%(template)s”; its fields are: %(fields)s.")
            % {
                "field": field_id,
                "template": exercise.report_template.title,
                "fields": _listing(list(fields)),
            },
            field="field",
        )
    entry = dict(spec)
    problems = check_entry(field_id, entry, allowed=OVERRIDE_KEYS)
    if problems:
        raise ExerciseError("; ".join(translate_problem(p) for p in problems))
    if "expected" in entry:
        derivable = derived_outputs(exercise.rule_ids()).get(field_id)
        _check_expected(field, entry["expected"], derivable)
        engine = derived_fields.get(field_id)
        if engine is None or engine.get("expected") is None:
            # The engine keyed nothing here (no mapping or rule fills it): the answer is
            # compared as the field's type says and counts like any other field.
            entry.setdefault("comparator", comparator_for(field))
            if not (engine or {}).get("weight"):
                entry.setdefault("weight", 1.0)
            entry.setdefault("required", True)
    return entry
