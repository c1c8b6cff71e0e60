"""Answer keys: what an entry may hold, how it is checked, and how the engine builds keys.

Everything about keys is here, so the site (model, form, admin) and the CLI use one
list of entry keys (:data:`ENTRY_KEYS`) and one checker (:func:`check_entry`), and keys for
shipped templates (:func:`build_key`) and imported ones (:func:`generic_key`) are built in
one place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reporting.grading.entries import (
    COMPARATORS,
    DEFAULT_PASS_MARK,
    DEFAULT_TOLERANCE,
    DERIVED_WEIGHT,
    ENTRY_KEYS,
    OVERRIDE_KEYS,
    RUBRIC_KEYS,
    TEXT_WEIGHT,
    EntryKey,
    check_entry,
)
from reporting.grading.entries import ENTRY_KEY_NAMES as ENTRY_KEY_NAMES
from reporting.grading.entries import MAX_NUMBER as MAX_NUMBER  # re-exported
from reporting.rules.engine import RulesResult

__all__ = [
    "COMPARATORS",
    "DEFAULT_PASS_MARK",
    "ENTRY_KEYS",
    "FIELD_KINDS",
    "OVERRIDE_KEYS",
    "RUBRIC_KEYS",
    "TOLERANCES",
    "EntryKey",
    "build_key",
    "check_entry",
    "generic_key",
    "key_for",
    "model_impression",
    "rule_set_ids",
]


# Field kinds of the three templates (field ids as the template owner defines them).
_SIDES = ("right", "left")
FIELD_KINDS: dict[str, dict[str, str]] = {
    "carotid-duplex": {
        "clinical_info": "text",
        **{
            f"{s}_{f}": "number"
            for s in _SIDES
            for f in ("cca_psv", "cca_edv", "ica_psv", "ica_edv", "ica_cca_ratio")
        },
        **{f"{s}_plaque": "coded" for s in _SIDES},
        **{f"{s}_stenosis_grade": "coded" for s in _SIDES},
        "impression": "keywords",
    },
    "thyroid-nodule-tirads": {
        "nodule_location": "coded",
        "nodule_size_mm": "number",
        "composition": "coded",
        "echogenicity": "coded",
        "shape": "coded",
        "margin": "coded",
        "echogenic_foci": "multi",
        "tirads_points": "number",
        "tirads_level": "coded",
        "recommendation": "coded",
        "impression": "keywords",
    },
    "lung-nodule-lungrads": {
        "exam_type": "coded",
        "prior_category": "coded",
        "prior_diameter_mm": "number",
        "months_since_prior": "number",
        "nodule_type": "coded",
        "nodule_location": "coded",
        "nodule_margin": "coded",
        "nodule_shape": "coded",
        "nodule_diameter_mm": "number",
        "solid_component_mm": "number",
        "suspected_infection": "coded",
        "lungrads_category": "coded",
        "impression": "keywords",
    },
}
# unit, tolerance by field suffix: measurement error of the modality, not arithmetic.
TOLERANCES: dict[str, tuple[str | None, dict[str, float]]] = {
    "_psv": ("cm/s", {"abs": 5.0}),
    "_edv": ("cm/s", {"abs": 5.0}),
    "_ratio": ("1", {"abs": 0.2}),
    "_mm": ("mm", {"abs": 1.0}),
    "_points": (None, {"abs": 0.0}),
}
GRADE_WORDS: dict[str, tuple[list[dict[str, Any]], str]] = {
    "normal": ([{"any": ["stenosis"], "negated": True}], "no stenosis"),
    "lt50": (
        [{"any": ["plaque", "plaques"]}, {"any": ["<50", "less than 50", "below 50", "mild"]}],
        "plaque with less than 50% stenosis",
    ),
    "50_69": ([{"any": ["50-69", "50 to 69", "50 - 69", "moderate"]}], "50-69% stenosis"),
    "ge70": (
        [{"any": ["70", "severe", "high-grade", "high grade"]}],
        "severe (>=70%) stenosis",
    ),
    "near_occlusion": (
        [{"any": ["near occlusion", "near-occlusion", "pseudo-occlusion", "subocclusion"]}],
        "near occlusion",
    ),
    "occlusion": (
        [{"any": ["occlusion", "occluded"]}],
        "total occlusion",
    ),
}


def model_impression(template: str, values: Mapping[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """A model impression and the key findings (keyword requirements) it must contain."""
    requirements: list[dict[str, Any]] = []
    if template == "carotid-duplex":
        sentences = []
        for side in _SIDES:
            grade = values.get(f"{side}_stenosis_grade")
            if grade not in GRADE_WORDS:
                continue
            words, phrase = GRADE_WORDS[grade]
            sentences.append(f"{side.capitalize()} ICA: {phrase}.")
            for req in words:
                if req not in requirements:
                    requirements.append(
                        {"any": list(req["any"]), "negated": bool(req.get("negated", False))}
                    )
        return " ".join(sentences), requirements
    if template == "thyroid-nodule-tirads":
        level = values.get("tirads_level")
        text = ""
        if level:
            n = str(level)[2:]
            requirements.append({"any": [level, f"TI-RADS {n}", f"TIRADS {n}"], "negated": False})
            text = f"ACR {level} nodule."
        rec = values.get("recommendation")
        fna = ["FNA", "fine needle aspiration", "fine-needle aspiration", "biopsy"]
        if rec == "fna":
            requirements.append({"any": fna, "negated": False})
            text += " FNA recommended."
        elif rec == "follow_up":
            requirements.append(
                {"any": ["follow-up", "follow up", "surveillance"], "negated": False}
            )
            text += " Ultrasound follow-up recommended."
        elif rec == "none":
            requirements.append({"any": fna, "negated": True})
            text += " No FNA or follow-up needed."
        return text.strip(), requirements
    if template == "lung-nodule-lungrads":
        cat = values.get("lungrads_category")
        if cat:
            requirements.append(
                {"any": [f"Lung-RADS {cat}", f"category {cat}", f"LR {cat}"], "negated": False}
            )
            return f"Lung-RADS {cat}.", requirements
    return "", requirements


def rule_set_ids(rules: RulesResult | None) -> list[str]:
    """The rule sets that produced ``rules``, in order of first use."""
    ids: list[str] = []
    for explanation in (rules.explanations if rules else {}).values():
        ruleset = explanation.rule.split("/", 1)[0]
        if ruleset and ruleset not in ids:
            ids.append(ruleset)
    return ids


def _derived_spec(spec: dict[str, Any], explanation: Any, inputs: Mapping[str, Any]) -> None:
    spec["rule"] = f"{explanation.rule}: {explanation.text}"
    if explanation.source:
        spec["source"] = explanation.source
    if explanation.field in inputs:
        spec["inputs"] = list(inputs[explanation.field])


def _key(
    template: str,
    kinds: Mapping[str, str],
    values: Mapping[str, Any],
    rules: RulesResult | None,
    case: Mapping[str, Any] | None,
    pass_mark: float,
    inputs: Mapping[str, Any],
    impression: bool,
    derived_weight: float = DERIVED_WEIGHT,
) -> dict[str, Any]:
    derived = rules.values if rules else {}
    explanations = rules.explanations if rules else {}
    everything = {**values, **derived}
    fields: dict[str, Any] = {}
    for name, kind in kinds.items():
        if name == "impression" and impression:
            text, reqs = model_impression(template, everything)
            fields[name] = {
                "expected": text,
                "comparator": "keywords",
                "weight": 2.0,
                "keywords": reqs,
                "required": True,
            }
            continue
        value = everything.get(name)
        explanation = explanations.get(name)
        if value is None:
            # Nothing to find (e.g. no flow in an occluded ICA): leaving it empty is right.
            if kind != "text":
                fields[name] = {
                    "expected": None,
                    "comparator": "coded",
                    "weight": 0.0,
                    "required": False,
                    "rule": explanation.text if explanation else "not in the case",
                }
            continue
        spec: dict[str, Any] = {"expected": value, "weight": 1.0, "required": True}
        if explanation is not None:
            spec["comparator"] = "number" if kind == "number" else "derived"
            spec["weight"] = derived_weight
            _derived_spec(spec, explanation, inputs)
        else:
            spec["comparator"] = kind
        if kind == "number":
            for suffix, (unit, tol) in TOLERANCES.items():
                if name.endswith(suffix):
                    if unit:
                        spec["unit"] = unit
                    spec["tolerance"] = dict(tol)
                    break
            else:
                spec["tolerance"] = dict(DEFAULT_TOLERANCE)
        if kind == "text":
            spec.update(comparator="text", weight=TEXT_WEIGHT, required=False)
        fields[name] = spec
    return {
        "template": template,
        "case": dict(case or {}),
        "pass_mark": pass_mark,
        "rule_sets": rule_set_ids(rules),
        "fields": fields,
    }


def _inputs_of(rules: RulesResult | None) -> dict[str, tuple[str, ...]]:
    from reporting.rules import load_ruleset, output_inputs

    found: dict[str, tuple[str, ...]] = {}
    for ruleset_id in rule_set_ids(rules):
        try:
            found.update(output_inputs(load_ruleset(ruleset_id)))
        except Exception:  # noqa: BLE001, S112 - an ad hoc rule set: no inputs recorded
            continue
    return found


def build_key(
    template: str,
    values: Mapping[str, Any],
    rules: RulesResult | None = None,
    *,
    case: Mapping[str, Any] | None = None,
    pass_mark: float = DEFAULT_PASS_MARK,
) -> dict[str, Any]:
    """Answer key JSON for a shipped template: transferred values (coded/number/multi),
    derived fields (with the rule row, its source and the fields it reads) and the
    impression's key findings."""
    kinds = FIELD_KINDS.get(template, {})
    return _key(template, kinds, values, rules, case, pass_mark, _inputs_of(rules), True)


def generic_key(
    template: Any,
    values: Mapping[str, Any],
    rules: RulesResult | None = None,
    *,
    template_id: str = "",
    case: Mapping[str, Any] | None = None,
    pass_mark: float = DEFAULT_PASS_MARK,
) -> dict[str, Any]:
    """A key for any MRRT template (an imported one): numbers with a 5% tolerance, single
    choices coded (derived when a rule produced them), multiple choices Jaccard-scored,
    everything else free text worth half a point; only fields with a value are keyed."""
    from reporting.mrrt import FieldType

    everything = {**values, **(rules.values if rules else {})}
    kinds: dict[str, str] = {}
    for f in template.iter_fields():
        if everything.get(f.id) is None:
            continue
        if f.type is FieldType.NUMBER:
            kinds[f.id] = "number"
        elif f.type is FieldType.SELECTION_LIST:
            kinds[f.id] = "multi" if f.multiple else "coded"
        else:
            kinds[f.id] = "text"
    key = _key(template_id, kinds, values, rules, case, pass_mark, _inputs_of(rules), False, 1.0)
    for spec in key["fields"].values():
        if spec.get("comparator") == "number":  # no suffix rules: units unknown
            spec.pop("unit", None)
            spec["tolerance"] = dict(DEFAULT_TOLERANCE)
    return key


def key_for(
    template_id: str,
    template: Any,
    values: Mapping[str, Any],
    rules: RulesResult | None = None,
    *,
    case: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The engine's key for a case: the shipped template's own recipe, else the generic."""
    if template_id in FIELD_KINDS:
        return build_key(template_id, values, rules, case=case)
    return generic_key(template, values, rules, template_id=template_id, case=case)
