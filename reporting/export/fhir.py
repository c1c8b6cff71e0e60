"""A finished MRRT report as a FHIR R4 Bundle (type collection): one DiagnosticReport
plus one Observation per filled field.

Validated with ``fhir.resources.R4B`` (R4B is R4-compatible for these resources; the
package has no plain R4 module). Numbers become valueQuantity with UCUM units, coded
options valueCodeableConcept, checkboxes valueBoolean, the rest valueString.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from reporting.codes import Code
from reporting.export.common import display_value, field_heading
from reporting.mrrt.model import Field, FieldType, Template
from reporting.mrrt.schemes import fhir_system
from reporting.mrrt.values import check_values

REPORT_CODE = Code("18748-4", "LN", "Diagnostic imaging study")
IMPRESSION_CODES = {"19005-8"}
UCUM = "http://unitsofmeasure.org"
# Units as written in templates -> UCUM code. A ratio is dimensionless ("1").
_UCUM = {"cm/s": "cm/s", "m/s": "m/s", "mm": "mm", "cm": "cm", "ml": "mL", "ms": "ms", "%": "%"}
_CATEGORY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/v2-0074",
            "code": "RAD",
            "display": "Radiology",
        }
    ]
}


def _coding(code: Code) -> dict[str, str]:
    coding = {"system": fhir_system(code.scheme), "code": code.value}
    if code.meaning:
        coding["display"] = code.meaning
    return coding


def _concept(codes: tuple[Code, ...], text: str) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": text}
    if codes:
        concept["coding"] = [_coding(c) for c in codes]
    return concept


def _observation_code(field: Field) -> dict[str, Any]:
    # The first code names what was observed; site and laterality codes go to bodySite.
    return _concept(field.codes[:1], field.label or field.id)


def _value(field: Field, value: object) -> dict[str, Any]:
    if field.type is FieldType.NUMBER:
        quantity: dict[str, Any] = {"value": value}
        if field.units:
            quantity.update(unit=field.units, system=UCUM, code=_UCUM.get(field.units, field.units))
        else:
            quantity.update(unit="1", system=UCUM, code="1")
        return {"valueQuantity": quantity}
    if field.type is FieldType.CHECKBOX:
        return {"valueBoolean": bool(value)}
    if field.type is FieldType.SELECTION_LIST:
        wanted = value if isinstance(value, list) else [value]
        chosen = [o for o in field.options if o.value in wanted]
        if len(chosen) == 1:
            option = chosen[0]
            return {"valueCodeableConcept": _concept(option.codes, option.label or option.value)}
        return {"valueString": display_value(field, value)}
    if field.type is FieldType.DATE:
        return {"valueDateTime": value}
    if field.type is FieldType.TIME:
        return {"valueTime": value if len(str(value)) > 5 else f"{value}:00"}
    return {"valueString": value}


def _observation(field: Field, value: object) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(uuid.uuid4()),
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "imaging",
                        "display": "Imaging",
                    }
                ]
            }
        ],
        "code": _observation_code(field),
        **_value(field, value),
    }
    site = field.codes[1:]
    if site:
        observation["bodySite"] = _concept(site, ", ".join(c.meaning or c.value for c in site))
    observation["note"] = [{"text": f"MRRT field {field.id}"}]
    return observation


def _impression(template: Template, values: Mapping[str, object]) -> str:
    """Text of the fields in the Impression section(s); fallback: a field 'impression'."""
    parts = []
    for field in template.iter_fields():
        if field.id not in values or field.type is not FieldType.TEXT:
            continue
        chain = template.section_of(field.id)
        in_impression = any(
            any(c.value in IMPRESSION_CODES for c in s.codes)
            or field_heading(s.title) == "impression"
            for s in chain
        )
        if in_impression or field.id == "impression":
            parts.append(str(values[field.id]).strip())
    return "\n".join(p for p in parts if p)


def export_fhir_bundle(template: Template, values: Mapping[str, object]) -> dict[str, Any]:
    """FHIR R4 Bundle (collection) as a JSON-ready dict, validated with fhir.resources.

    Raises ReportValueError when the values do not fit the template.
    """
    from fhir.resources.R4B.bundle import Bundle  # slow import: only when exporting

    checked = check_values(template, values)
    ln_codes = tuple(c for c in template.codes if c.scheme == "LN")
    report_code = _concept(ln_codes[:1] or (REPORT_CODE,), template.title or REPORT_CODE.meaning)
    observations = []
    for field in template.iter_fields():
        if field.id not in checked:
            continue
        value = checked[field.id]
        if isinstance(value, str) and not value.strip() or value == []:
            continue  # an empty answer is not an observation
        observations.append(_observation(field, value))
    report: dict[str, Any] = {
        "resourceType": "DiagnosticReport",
        "id": str(uuid.uuid4()),
        "status": "final",
        "category": [_CATEGORY],
        "code": report_code,
        "result": [
            {"reference": f"urn:uuid:{o['id']}", "display": o["code"]["text"]} for o in observations
        ],
    }
    conclusion = _impression(template, checked)
    if conclusion:
        report["conclusion"] = conclusion
    if template.identifier:
        report["identifier"] = [{"system": "urn:ietf:rfc:3986", "value": template.identifier}]
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "entry": [
            {"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in [report, *observations]
        ],
    }
    Bundle.model_validate(bundle)  # raises pydantic ValidationError if we built it wrong
    return bundle
