"""Build answer keys from transferred values and rule outputs (used by the generator)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reporting.rules.engine import RulesResult

__all__ = ["build_key", "FIELD_KINDS", "TOLERANCES", "model_impression"]

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
GRADE_WORDS = {
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


def model_impression(template: str, values: Mapping[str, Any]) -> tuple[str, list[dict]]:
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


def build_key(
    template: str,
    values: Mapping[str, Any],
    rules: RulesResult | None = None,
    *,
    case: Mapping[str, Any] | None = None,
    pass_mark: float = 0.7,
) -> dict[str, Any]:
    """Answer key JSON: transferred values (coded/number/multi), derived fields (with
    the rule that produced them) and the impression's key findings."""
    kinds = FIELD_KINDS.get(template, {})
    derived = rules.values if rules else {}
    explanations = rules.explanations if rules else {}
    everything = {**values, **derived}
    fields: dict[str, Any] = {}
    for name, kind in kinds.items():
        if name == "impression":
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
            spec["weight"] = 2.0
            spec["rule"] = f"{explanation.rule}: {explanation.text}"
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
                spec["tolerance"] = {"rel": 0.05}
        if kind == "text":
            spec.update(comparator="text", weight=0.5, required=False)
        fields[name] = spec
    return {
        "template": template,
        "case": dict(case or {}),
        "pass_mark": pass_mark,
        "fields": fields,
    }
