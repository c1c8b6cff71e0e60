"""A finished MRRT report as a FHIR R5 Bundle (type collection) following HL7's "DICOM SR
to FHIR Resource Mapping" implementation guide (http://hl7.org/fhir/uv/dicom-sr, FHIR 5.0).

- Each filled NUMBER field is an Observation in the IG's **imaging-measurement** profile:
  category DCM 125007 "Measurement Group", the field's own concept as ``code``, a UCUM
  ``valueQuantity`` (the unit is checked as UCUM before it is written; a unit that is
  not UCUM goes out as text only, with a note, and that Observation claims no profile),
  ``subject``, ``partOf`` the ImagingStudy by its Study Instance UID, ``issued``,
  ``device``, and the finding site as a ``bodyStructure`` (a BodyStructure in the
  **dicom-sr-finding-site** profile) whose ``includedStructure`` carries the structure
  and, separately, its laterality. Laterality is never a second coding of ``bodySite``.
- Each single choice is an Observation in the **imaging-qualitative-evaluation** profile
  (category UMLS C0034375): ``code`` is the field's own concept (its own coded_content
  entry, e.g. RadLex RID50503 "TI-RADS assessment", RID50134 "Lung-RADS assessment";
  never a section's code), ``valueCodeableConcept`` the option's codes, or, for options
  the template does not code, a coding in a system named after the template and field
  (``<template identifier>#<field id>``, code = the option value: "TR4", "4A").
- Other fields (text, checkbox, dates, multiple choice) are plain imaging Observations.

Validated with ``fhir.resources`` (R5).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from pydicom.uid import generate_uid

from reporting.codes import Code
from reporting.export.common import display_value, field_heading
from reporting.mrrt.model import Field, FieldType, Template
from reporting.mrrt.schemes import fhir_system
from reporting.mrrt.values import check_values
from reporting.ucum import is_valid_ucum

IG = "http://hl7.org/fhir/uv/dicom-sr/StructureDefinition"
MEASUREMENT_PROFILE = f"{IG}/imaging-measurement"
QUALITATIVE_PROFILE = f"{IG}/imaging-qualitative-evaluation"
FINDING_SITE_PROFILE = f"{IG}/dicom-sr-finding-site"
DCM = "http://dicom.nema.org/resources/ontology/DCM"
UCUM = "http://unitsofmeasure.org"
REPORT_CODE = Code("18748-4", "LN", "Diagnostic imaging study")
IMPRESSION_CODES = {"19005-8"}
LATERALITY_VALUES = {"24028007", "7771000", "51440002"}  # right, left, bilateral (SCT)
# Unit spellings seen in templates -> UCUM (UCUM is case-sensitive: millilitre is "mL").
_UCUM_SPELLING = {"ml": "mL", "cm/sec": "cm/s", "m/sec": "m/s", "sec": "s", "msec": "ms"}

MEASUREMENT_CATEGORY = {
    "coding": [{"system": DCM, "code": "125007", "display": "Measurement Group"}]
}
QUALITATIVE_CATEGORY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/umls",
            "code": "C0034375",
            "display": "Qualitative Evaluations",
        }
    ]
}
IMAGING_CATEGORY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "imaging",
            "display": "Imaging",
        }
    ]
}
RADIOLOGY_CATEGORY = {
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


def _concept(codes: tuple[Code, ...] | list[Code], text: str) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": text}
    if codes:
        concept["coding"] = [_coding(c) for c in codes]
    return concept


def _ref(resource: Mapping[str, Any]) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource['id']}"}


_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3"})


def ucum_unit(unit: str | None) -> str | None:
    """The UCUM code for a template's unit, or None when it is not UCUM ("ml/m²" is
    written "ml/m2": UCUM writes exponents as digits)."""
    if not unit:
        return "1"
    text = unit.strip().translate(_SUPERSCRIPTS)
    code = _UCUM_SPELLING.get(text, text)
    return code if is_valid_ucum(code) else None


def split_codes(field: Field) -> tuple[Code | None, list[Code], list[Code]]:
    """(the field's own concept, its finding-site codes, its laterality codes).

    A field's first code names what is observed (its own coded_content entry); the codes
    after it say where: laterality codes (SCT right/left/bilateral) apart from the rest.
    """
    if not field.codes:
        return None, [], []
    concept, *rest = field.codes
    if concept.value in LATERALITY_VALUES:  # a field coded only by its side
        return None, [], [concept, *[c for c in rest if c.value in LATERALITY_VALUES]]
    sites = [c for c in rest if c.value not in LATERALITY_VALUES]
    sides = [c for c in rest if c.value in LATERALITY_VALUES]
    return concept, sites, sides


class _Builder:
    def __init__(self, template: Template, study_uid: str, patient_id: str) -> None:
        self.template = template
        self.issued = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        self.patient = {
            "resourceType": "Patient",
            "id": str(uuid.uuid4()),
            "identifier": [{"system": "urn:iia:trainee-case", "value": patient_id}],
        }
        self.device = {
            "resourceType": "Device",
            "id": str(uuid.uuid4()),
            "manufacturer": "Imaging Informatics Academy",
            "name": [{"value": "Structured-reporting engine", "type": "user-friendly-name"}],
        }
        self.study = {
            "identifier": {
                "type": {
                    "coding": [{"system": DCM, "code": "110180", "display": "Study Instance UID"}]
                },
                "system": "urn:dicom:uid",
                "value": f"urn:oid:{study_uid}",
            },
            "type": "ImagingStudy",
        }
        self.body_structures: dict[tuple[str, ...], dict[str, Any]] = {}
        self.body_part = next(
            (c for c in template.codes if c.scheme == "SCT" and c.value not in _PROCEDURES),
            None,
        )

    def base(self, field: Field, category: dict[str, Any], profile: str | None) -> dict[str, Any]:
        concept, _, _ = split_codes(field)
        observation: dict[str, Any] = {
            "resourceType": "Observation",
            "id": str(uuid.uuid4()),
            "status": "final",
            "category": [category]
            if category is IMAGING_CATEGORY
            else [category, IMAGING_CATEGORY],
            "code": _concept([concept] if concept else [], field.label or field.id),
            "subject": _ref(self.patient),
            "partOf": [self.study],
            "issued": self.issued,
            "device": _ref(self.device),
            "note": [{"text": f"MRRT field {field.id}"}],
        }
        if profile:
            observation["meta"] = {"profile": [profile]}
        return observation

    def body_structure(self, field: Field) -> dict[str, Any] | None:
        _, sites, sides = split_codes(field)
        structure = sites[0] if sites else (self.body_part if sides else None)
        if structure is None:
            return None
        key = tuple(c.value for c in (structure, *sides, *sites[1:]))
        if key not in self.body_structures:
            included: dict[str, Any] = {"structure": _concept([structure], structure.meaning)}
            if sides:
                included["laterality"] = _concept(sides[:1], sides[0].meaning)
            if len(sites) > 1:
                included["qualifier"] = [_concept([c], c.meaning) for c in sites[1:]]
            self.body_structures[key] = {
                "resourceType": "BodyStructure",
                "id": str(uuid.uuid4()),
                "meta": {"profile": [FINDING_SITE_PROFILE]},
                "includedStructure": [included],
                "patient": _ref(self.patient),
            }
        return self.body_structures[key]

    def measurement(self, field: Field, value: object) -> dict[str, Any]:
        observation = self.base(field, MEASUREMENT_CATEGORY, MEASUREMENT_PROFILE)
        quantity: dict[str, Any] = {"value": value}
        code = ucum_unit(field.units)
        if code is not None:
            quantity.update(unit=field.units or "1", system=UCUM, code=code)
        else:
            # Not UCUM: the unit goes out as text only, and the Observation does not claim
            # the imaging-measurement profile (whose values are UCUM quantities).
            quantity["unit"] = field.units
            observation.pop("meta")
            observation["note"].append(
                {"text": f"unit {field.units!r} is not a UCUM unit: written as text only"}
            )
        observation["valueQuantity"] = quantity
        self._site(observation, field)
        return observation

    def _site(self, observation: dict[str, Any], field: Field) -> None:
        structure = self.body_structure(field)
        if structure is not None:
            observation["bodyStructure"] = _ref(structure)
            # bodySite names the structure only; laterality lives in the BodyStructure.
            observation["bodySite"] = structure["includedStructure"][0]["structure"]

    def choice(self, field: Field, value: object) -> dict[str, Any]:
        wanted = value if isinstance(value, list) else [value]
        chosen = [o for o in field.options if o.value in wanted]
        if field.multiple or len(chosen) != 1:
            observation = self.base(field, IMAGING_CATEGORY, None)
            observation["valueString"] = display_value(field, value)
            self._site(observation, field)
            return observation
        option = chosen[0]
        observation = self.base(field, QUALITATIVE_CATEGORY, QUALITATIVE_PROFILE)
        codings = list(option.codes)
        concept = _concept(codings, option.label or option.value)
        if not codings and self.template.identifier:
            concept["coding"] = [
                {
                    "system": f"{self.template.identifier}#{field.id}",
                    "code": option.value,
                    "display": option.label or option.value,
                }
            ]
        observation["valueCodeableConcept"] = concept
        self._site(observation, field)
        return observation

    def other(self, field: Field, value: object) -> dict[str, Any]:
        observation = self.base(field, IMAGING_CATEGORY, None)
        if field.type is FieldType.CHECKBOX:
            observation["valueBoolean"] = bool(value)
        elif field.type is FieldType.DATE:
            observation["valueDateTime"] = value
        elif field.type is FieldType.TIME:
            observation["valueTime"] = value if len(str(value)) > 5 else f"{value}:00"
        else:
            observation["valueString"] = value
        return observation

    def observation(self, field: Field, value: object) -> dict[str, Any]:
        if field.type is FieldType.NUMBER:
            return self.measurement(field, value)
        if field.type is FieldType.SELECTION_LIST:
            return self.choice(field, value)
        return self.other(field, value)


# Template-level SCT codes that name the procedure, not the body part.
_PROCEDURES = {"16310003", "77477000"}


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


def export_fhir_bundle(
    template: Template,
    values: Mapping[str, object],
    *,
    study_instance_uid: str | None = None,
    patient_id: str = "IIA-0001",
) -> dict[str, Any]:
    """FHIR R5 Bundle (collection) as a JSON-ready dict, validated with fhir.resources.

    Raises ReportValueError when the values do not fit the template.
    """
    from fhir.resources.bundle import Bundle  # slow import: only when exporting

    checked = check_values(template, values)
    builder = _Builder(template, study_instance_uid or generate_uid(), patient_id)
    ln_codes = tuple(c for c in template.codes if c.scheme == "LN")
    report_code = _concept(ln_codes[:1] or (REPORT_CODE,), template.title or REPORT_CODE.meaning)
    observations = []
    for field in template.iter_fields():
        if field.id not in checked:
            continue
        value = checked[field.id]
        if isinstance(value, str) and not value.strip() or value == []:
            continue  # an empty answer is not an observation
        observations.append(builder.observation(field, value))
    report: dict[str, Any] = {
        "resourceType": "DiagnosticReport",
        "id": str(uuid.uuid4()),
        "status": "final",
        "category": [RADIOLOGY_CATEGORY],
        "code": report_code,
        "subject": _ref(builder.patient),
        "issued": builder.issued,
        "study": [builder.study],
        "result": [
            {"reference": f"urn:uuid:{o['id']}", "display": o["code"]["text"]} for o in observations
        ],
    }
    conclusion = _impression(template, checked)
    if conclusion:
        report["conclusion"] = conclusion
    if template.identifier:
        report["identifier"] = [{"system": "urn:ietf:rfc:3986", "value": template.identifier}]
    resources = [
        report,
        *observations,
        builder.patient,
        builder.device,
        *builder.body_structures.values(),
    ]
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
    Bundle.model_validate(bundle)  # raises pydantic ValidationError if we built it wrong
    return bundle
