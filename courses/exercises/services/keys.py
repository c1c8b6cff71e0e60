"""Answer keys: the engine derives them from the case; the rubric and instructor overrides
are layered on top, and a hash of the effective key tells grading when it changed.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext

from courses.exercises.models import AnswerKey, ExercisePage, SampleCase
from courses.exercises.services.errors import ExerciseError, translate_problem

if TYPE_CHECKING:
    from reporting.rules import RulesResult
    from reporting.sr import Case
    from reporting.transfer import TransferResult


def _stored_case(case: SampleCase) -> Case:
    """The case as extracted at upload (``case_data``): keys never re-read the file."""
    from reporting.sr import Case

    try:
        return Case.from_dict(case.case_data)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ExerciseError(
            gettext("This case has no stored extraction; upload the file again to use it.")
        ) from None


def run_rules(*, exercise: ExercisePage, values: Mapping[str, Any]) -> RulesResult:
    """All the exercise's rule sets in order; later rule sets see earlier outputs."""
    from reporting.rules import RulesResult, apply_rules, load_ruleset

    merged_values: dict[str, Any] = {}
    explanations: dict[str, Any] = {}
    current = dict(values)
    for rule_id in exercise.rule_ids():
        result = apply_rules(load_ruleset(rule_id), current)
        merged_values.update(result.values)
        explanations.update(result.explanations)
        current.update(result.values)
    return RulesResult(values=merged_values, explanations=explanations)


def derive_key(*, exercise: ExercisePage, case: SampleCase) -> AnswerKey:
    """(Re)build the engine's key for one case; instructor overrides are kept."""
    from reporting.grading import key_for

    moved = _transfer(exercise=exercise, case=case)
    rules = run_rules(exercise=exercise, values=moved.values)
    key = key_for(
        exercise.report_template.slug,
        exercise.report_template.model(),
        moved.values,
        rules,
        case={"sample_case": case.pk},
    )
    answer_key, _ = AnswerKey.objects.update_or_create(
        exercise=exercise,
        case=case,
        defaults={"derived": key, "transfer": moved.as_dict()},
    )
    answer_key.key_hash = key_hash(key=effective_key(answer_key=answer_key, exercise=exercise))
    answer_key.save(update_fields=["key_hash", "updated_at"])
    return answer_key


def ensure_key(*, exercise: ExercisePage, case: SampleCase) -> AnswerKey:
    existing = AnswerKey.objects.filter(exercise=exercise, case=case).first()
    return existing or derive_key(exercise=exercise, case=case)


def case_transfer(*, exercise: ExercisePage, case: SampleCase) -> dict[str, Any]:
    """What the engine transfers from the case: the stored key's copy, or computed afresh
    without storing anything (GET requests call this; they never write)."""
    existing = (
        AnswerKey.objects.filter(exercise=exercise, case=case).values_list("transfer", flat=True)
    ).first()
    if existing is not None:
        return existing
    return _transfer(exercise=exercise, case=case).as_dict()


def _transfer(*, exercise: ExercisePage, case: SampleCase) -> TransferResult:
    """The engine's transfer with the exercise's mapping; an exercise without a mapping
    (an imported template no mapping fills) transfers nothing: its key is entered by hand."""
    from reporting.transfer import TransferResult, load_mapping, transfer

    if not exercise.mapping_id:
        return TransferResult(template=exercise.report_template.slug)
    return transfer(_stored_case(case), load_mapping(exercise.mapping_id))


def effective_key(*, answer_key: AnswerKey, exercise: ExercisePage | None = None) -> dict[str, Any]:
    """derived key <- exercise rubric (weights/tolerances) <- per-case instructor overrides."""
    exercise = exercise or answer_key.exercise
    key = copy.deepcopy(answer_key.derived)
    key["pass_mark"] = float(exercise.pass_mark)
    # Keys derived before keys named their rule sets: the exercise's, so that derived
    # fields are graded against the trainee's own values there too.
    key.setdefault("rule_sets", exercise.rule_ids())
    fields = key.setdefault("fields", {})
    for layer in (exercise.rubric or {}, answer_key.overrides or {}):
        for field_id, spec in layer.items():
            if field_id in fields:
                fields[field_id].update(copy.deepcopy(spec))
            elif "expected" in spec:
                fields[field_id] = {"comparator": "coded", "weight": 1.0, **copy.deepcopy(spec)}
    for spec in fields.values():
        # A rubric names other answers per option; one case's key accepts those of its own.
        synonyms = spec.get("synonyms")
        if isinstance(synonyms, Mapping) and spec.get("comparator") in {"coded", "derived"}:
            spec["synonyms"] = list(synonyms.get(str(spec.get("expected")), []))
    return key


def key_hash(*, key: Mapping[str, Any]) -> str:
    canonical = json.dumps(key, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def refresh_key_hashes(*, exercise: ExercisePage) -> None:
    """After a rubric change: recompute every key's hash (regrade then sees the change)."""
    for answer_key in AnswerKey.objects.filter(exercise=exercise):
        new = key_hash(key=effective_key(answer_key=answer_key, exercise=exercise))
        if new != answer_key.key_hash:
            answer_key.key_hash = new
            answer_key.save(update_fields=["key_hash", "updated_at"])


def set_key_override(
    *, answer_key: AnswerKey, field_id: str, spec: Mapping[str, Any] | None
) -> AnswerKey:
    """Override one field of a key (None removes the override). The override is checked
    against the template and the rule sets (``check_key_entry``) and the merged key must
    compile."""
    from courses.exercises.services.key_entries import check_key_entry
    from reporting.grading import KeyError_, compile_key

    overrides = dict(answer_key.overrides or {})
    if spec:
        overrides[field_id] = check_key_entry(
            exercise=answer_key.exercise,
            field_id=field_id,
            spec=spec,
            derived_fields=(answer_key.derived or {}).get("fields", {}),
        )
    else:
        overrides.pop(field_id, None)
    candidate = AnswerKey(
        exercise=answer_key.exercise,
        case=answer_key.case,
        derived=answer_key.derived,
        overrides=overrides,
    )
    merged = effective_key(answer_key=candidate, exercise=answer_key.exercise)
    try:
        compile_key(merged)
    except KeyError_ as error:
        raise ExerciseError(
            gettext("This override makes the key invalid: %(problems)s")
            % {"problems": "; ".join(translate_problem(p) for p in error.problems)},
            field=error.field,
        )
    answer_key.overrides = overrides
    answer_key.key_hash = key_hash(key=merged)
    answer_key.save(update_fields=["overrides", "key_hash", "updated_at"])
    return answer_key
