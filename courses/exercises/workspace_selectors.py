"""Reads of the case workspace: what the rules derive from the trainee's values (with a
value to apply), which graded fields are still empty, and where a transfer would replace
what the trainee typed. Nothing here writes (GET requests call it)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django.utils.translation import gettext as _

from courses.exercises.models import AnswerKey, ExercisePage, SampleCase
from courses.exercises.wording import criterion_sentence, format_value, typeset


def template_fields(exercise: ExercisePage) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in exercise.report_template.parsed.get("fields", [])}


def derived_rows(
    *, exercise: ExercisePage, values: Mapping[str, Any], current: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """What the exercise's rule sets derive from ``values``, one row per derived field the
    form has: the value in words, the criterion it meets and its source, and whether
    "Apply" would change the field (``current``: what the field holds now)."""
    from courses.exercises.services.keys import run_rules
    from reporting.rules.explain import criterion_for

    inputs = dict(values)
    fields = template_fields(exercise)
    result = run_rules(exercise=exercise, values=inputs)
    current = values if current is None else current
    rows = []
    for field_id, explanation in result.explanations.items():
        spec = fields.get(field_id)
        if spec is None:
            continue  # an intermediate output (points, rounded sizes): no field to fill
        value = result.values.get(field_id)
        criterion = criterion_for(exercise.rule_ids(), field_id, inputs)
        rows.append(
            {
                "field": field_id,
                "label": spec.get("label") or field_id,
                "value": value,
                "value_label": None if value is None else format_value(value, spec),
                "why": criterion_sentence(criterion, inputs, fields, spec, own=True)
                if value is not None
                else _("Not enough values yet to derive it."),
                "source": typeset(criterion.source if criterion else explanation.source),
                "applied": value is not None and current.get(field_id) == value,
            }
        )
    return rows


def derived_value(*, exercise: ExercisePage, values: Mapping[str, Any], field_id: str) -> Any:
    """The value the rules derive for one field from ``values`` (None when they cannot)."""
    from courses.exercises.services.keys import run_rules

    if field_id not in template_fields(exercise):
        return None
    return run_rules(exercise=exercise, values=dict(values)).values.get(field_id)


def _case_key(exercise: ExercisePage, case: SampleCase) -> dict[str, Any]:
    """The effective key if one is stored, else the engine's key computed in memory."""
    from courses.exercises.services.keys import effective_key, run_rules

    stored = AnswerKey.objects.filter(exercise=exercise, case=case).first()
    if stored is not None:
        return effective_key(answer_key=stored, exercise=exercise)
    from reporting.grading import key_for
    from reporting.sr import Case
    from reporting.transfer import load_mapping, transfer

    try:
        moved = transfer(Case.from_dict(case.case_data), load_mapping(exercise.mapping_id))
    except (KeyError, TypeError, ValueError, AttributeError):
        return {"fields": {}}
    rules = run_rules(exercise=exercise, values=moved.values)
    return key_for(
        exercise.report_template.slug, exercise.report_template.model(), moved.values, rules
    )


def graded_fields(*, exercise: ExercisePage, case: SampleCase) -> list[str]:
    """The fields the report is graded on, in template order. A field the case has
    nothing for is graded too (leaving it empty is the right answer), so the list says
    nothing about the case; only optional free text (graded for presence) is left out."""
    keyed = _case_key(exercise, case).get("fields") or {}
    out = []
    for field_id in template_fields(exercise):
        spec = keyed.get(field_id)
        if spec is None:
            continue
        optional_text = spec.get("comparator") == "text" and not spec.get("required", True)
        if not optional_text:
            out.append(field_id)
    return out


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def empty_graded_fields(
    *, exercise: ExercisePage, case: SampleCase, values: Mapping[str, Any]
) -> list[dict[str, str]]:
    """The graded fields left empty in ``values``: [{"field", "label"}], in form order."""
    fields = template_fields(exercise)
    return [
        {"field": f, "label": fields[f].get("label") or f}
        for f in graded_fields(exercise=exercise, case=case)
        if _empty(values.get(f))
    ]


def _same(typed: Any, moved: Any) -> bool:
    if isinstance(typed, int | float) and isinstance(moved, int | float):
        return float(typed) == float(moved)
    if isinstance(typed, list) or isinstance(moved, list):
        as_set = lambda v: {str(x) for x in (v if isinstance(v, list) else [v])}  # noqa: E731
        return as_set(typed) == as_set(moved)
    return str(typed) == str(moved)


def transfer_merge(
    *,
    exercise: ExercisePage,
    transferred: Mapping[str, Any],
    typed: Mapping[str, Any],
    overwrite: Collection[str] = (),
) -> dict[str, Any]:
    """Measurements moved into the form without replacing what the trainee typed.

    Empty fields take the case's value; a field that already holds a different value
    keeps it unless it is in ``overwrite``, and is listed in ``conflicts`` (label, the
    typed value and the case's, in words) so the trainee can be asked."""
    fields = template_fields(exercise)
    values = {k: v for k, v in typed.items() if not _empty(v)}
    conflicts, filled = [], 0
    for field_id, moved in transferred.items():
        if field_id not in fields or _empty(moved):
            continue
        mine = values.get(field_id)
        if _empty(mine):
            values[field_id] = moved
            filled += 1
        elif _same(mine, moved):
            continue
        elif field_id in overwrite:
            values[field_id] = moved
            filled += 1
        else:
            spec = fields[field_id]
            conflicts.append(
                {
                    "field": field_id,
                    "label": spec.get("label") or field_id,
                    "typed": format_value(mine, spec),
                    "case": format_value(moved, spec),
                }
            )
    return {"values": values, "conflicts": conflicts, "filled": filled}
