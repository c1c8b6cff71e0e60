"""FHIR export: an R5 collection Bundle that fhir.resources validates and whose Observations
follow the HL7 "DICOM SR to FHIR Resource Mapping" IG (imaging-measurement for numbers,
imaging-qualitative-evaluation for single choices, dicom-sr-finding-site for sites).

What the profiles require is written out from the IG in tests/support/fhir_profile.py:
imaging-measurement: category DCM 125007 "Measurement Group" (1..*), valueQuantity 1..1,
bodyStructure a Reference(BodyStructure finding site); ImagingObservation base: subject
1..1, partOf the ImagingStudy by identifier (type DCM 110180, system urn:dicom:uid),
issued 1..1, device 1..1. Finding site: includedStructure.structure with its laterality in
includedStructure.laterality. Qualitative evaluation: category UMLS C0034375.
"""

from __future__ import annotations

import pytest
from fhir.resources.bundle import Bundle

from reporting.export import export_fhir_bundle
from reporting.export.fhir import ucum_unit
from reporting.generate import KINDS, generate_cases
from reporting.mrrt import FieldType, ReportValueError, load_shipped_template, parse_template
from tests.support.corpus import corpus_params, drg_templates
from tests.support.fhir_profile import (
    IG,
    SCT,
    assert_follows_the_ig,
    by_url,
    codes,
    resources,
)

VALUES = {
    "clinical_info": "Dizziness",
    "right_ica_psv": 150.5,
    "right_ica_cca_ratio": 1.9,
    "right_stenosis_grade": "50_69",
    "impression": "Right ICA stenosis 50-69%.",
}


@pytest.fixture
def bundle():
    return export_fhir_bundle(load_shipped_template("carotid-duplex"), VALUES)


def test_bundle_validates_and_follows_the_imaging_measurement_profile(bundle):
    assert Bundle.model_validate(bundle).type == "collection"
    assert assert_follows_the_ig(bundle) == 3  # PSV, ratio (measurements), grade (choice)


def test_report_is_final_with_conclusion_and_one_result_per_filled_field(bundle):
    (report,) = resources(bundle, "DiagnosticReport")
    assert report["status"] == "final"
    assert report["code"]["coding"][0]["system"] == "http://loinc.org"
    assert report["conclusion"] == "Right ICA stenosis 50-69%."
    observations = resources(bundle, "Observation")
    assert len(observations) == len(VALUES) == len(report["result"])
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    assert {r["reference"] for r in report["result"]} <= full_urls


def test_laterality_is_the_finding_sites_laterality_not_a_second_body_site_coding(bundle):
    by_text = {o["code"]["text"]: o for o in resources(bundle, "Observation")}
    psv = by_text["Right ICA peak systolic velocity"]
    assert psv["code"]["coding"] == [
        {"system": "http://loinc.org", "code": "11726-7", "display": "Peak systolic velocity"}
    ]
    assert psv["valueQuantity"] == {
        "value": 150.5,
        "unit": "cm/s",
        "system": "http://unitsofmeasure.org",
        "code": "cm/s",
    }
    assert codes(psv["bodySite"]) == {(SCT, "86117002")}  # internal carotid artery only
    site = by_url(bundle)[psv["bodyStructure"]["reference"]]
    (included,) = site["includedStructure"]
    assert codes(included["structure"]) == {(SCT, "86117002")}
    assert codes(included["laterality"]) == {(SCT, "24028007")}


def test_the_thyroid_right_lobe_is_the_right_lobe_not_bare_right():
    bundle = export_fhir_bundle(
        load_shipped_template("thyroid-nodule-tirads"), {"nodule_location": "right_lobe"}
    )
    (location,) = resources(bundle, "Observation")
    assert codes(location["valueCodeableConcept"]) == {(SCT, "29565003")}
    assert location["valueCodeableConcept"]["coding"][0]["display"] == "Right lobe of thyroid"


@pytest.mark.parametrize(
    ("template", "field", "value", "concept"),
    [
        ("thyroid-nodule-tirads", "tirads_level", "TR4", ("http://radlex.org", "RID50503")),
        ("lung-nodule-lungrads", "lungrads_category", "4A", ("http://radlex.org", "RID50134")),
    ],
)
def test_tirads_and_lungrads_results_carry_their_codes(template, field, value, concept):
    shipped = load_shipped_template(template)
    bundle = export_fhir_bundle(shipped, {field: value})
    (result,) = resources(bundle, "Observation")
    assert concept in codes(result["code"])
    assert result["meta"]["profile"] == [f"{IG}/imaging-qualitative-evaluation"]
    system = f"{shipped.identifier}#{field}"
    assert (system, value) in codes(result["valueCodeableConcept"])
    assert_follows_the_ig(bundle)


COMPARISON_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>Echo</title>
<meta name="dcterms.title" content="Echo">
<meta name="dcterms.identifier" content="urn:oid:2.25.99">
<script type="text/xml"><template_attributes><status>ACTIVE</status>
<coding_schemes><coding_scheme name="LOINC" designator="2.16.840.1.113883.6.1"/>
<coding_scheme name="RADLEX" designator="2.16.840.1.113883.6.256"/></coding_schemes>
<coded_content>
<entry ORIGTXT="comparison">
<term><code meaning="Comparison" value="18834-2" scheme="LOINC"/></term></entry>
<entry ORIGTXT="lv_edd">
<term><code meaning="End Diastolic Diameter" value="RID99999" scheme="RADLEX"/></term></entry>
</coded_content></template_attributes></script></head>
<body><section id="comparison" class="level1" data-section-name="Comparison">
<header>Comparison</header>
<p><label for="lv_edd">End diastolic diameter</label>
<input type="number" id="lv_edd" data-field-type="NUMBER" data-field-units="mm"></p>
<p><label for="volume">Volume</label>
<input type="number" id="volume" data-field-type="NUMBER" data-field-units="%mL"></p>
<p><label for="free">Free text</label> <input type="text" id="free" data-field-type="TEXT"></p>
</section></body></html>"""


def test_a_coded_field_is_named_by_its_own_concept_never_by_its_section():
    template = parse_template(COMPARISON_TEMPLATE)
    bundle = export_fhir_bundle(template, {"lv_edd": 52, "free": "stable"})
    by_text = {o["code"]["text"]: o for o in resources(bundle, "Observation")}
    assert codes(by_text["End diastolic diameter"]["code"]) == {("http://radlex.org", "RID99999")}
    assert "coding" not in by_text["Free text"]["code"]  # no code of its own: label only
    assert_follows_the_ig(bundle)


def test_a_unit_that_is_not_ucum_is_never_written_as_a_ucum_code():
    template = parse_template(COMPARISON_TEMPLATE)
    bundle = export_fhir_bundle(template, {"volume": 12})
    (volume,) = resources(bundle, "Observation")
    assert volume["valueQuantity"] == {"value": 12, "unit": "%mL"}
    assert "meta" not in volume  # claims no profile: its value is not a UCUM quantity
    assert any("not a UCUM unit" in n["text"] for n in volume["note"])
    Bundle.model_validate(bundle)


@pytest.mark.parametrize(
    ("unit", "code"),
    [
        ("cm/s", "cm/s"),
        ("mm", "mm"),
        ("ml", "mL"),
        (None, "1"),
        ("%mL", None),
        ("cm/sec", "cm/s"),
        ("ml/m²", "ml/m2"),
        ("cm ( >= 0)", None),
    ],
)
def test_units_are_checked_as_ucum(unit, code):
    assert ucum_unit(unit) == code


def test_multiple_choices_are_a_string_and_empty_answers_no_observation():
    bundle = export_fhir_bundle(
        load_shipped_template("thyroid-nodule-tirads"),
        {"echogenic_foci": ["comet_tail", "punctate"], "impression": "  "},
    )
    (foci,) = resources(bundle, "Observation")
    assert foci["valueString"] == "Large comet-tail artifacts; Punctate echogenic foci"
    with pytest.raises(ReportValueError, match="not an option"):
        export_fhir_bundle(
            load_shipped_template("lung-nodule-lungrads"), {"lungrads_category": "4X"}
        )


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_shipped_exercise_exports_a_bundle_that_follows_the_ig(kind):
    template_id, _ = KINDS[kind]
    template = load_shipped_template(template_id)
    for case in generate_cases(kind, 4, seed=3):
        values = {
            name: spec["expected"]
            for name, spec in case.key["fields"].items()
            if spec["expected"] not in (None, "", [])
        }
        bundle = export_fhir_bundle(template, values)
        assert assert_follows_the_ig(bundle) >= 1, case.name
        assert len(resources(bundle, "Observation")) == len(values)


@pytest.mark.parametrize("path", corpus_params(drg_templates()))
def test_every_drg_template_exports_a_bundle_that_follows_the_ig(path):
    """The German Radiological Society's real templates, every field filled in."""
    template = parse_template(path.read_bytes())
    values: dict = {}
    for field in template.iter_fields():
        if field.type is FieldType.NUMBER:
            values[field.id] = field.min if field.min is not None else 1
        elif field.type is FieldType.SELECTION_LIST and field.options:
            first = field.options[0].value
            values[field.id] = [first] if field.multiple else first
        elif field.type is FieldType.CHECKBOX:
            values[field.id] = True
        elif field.type is FieldType.TEXT:
            values[field.id] = "unauffällig"
    bundle = export_fhir_bundle(template, values)
    assert_follows_the_ig(bundle)
    for observation in resources(bundle, "Observation"):
        quantity = observation.get("valueQuantity")
        if quantity and "code" not in quantity:  # a unit that is not UCUM: text only
            assert ucum_unit(quantity["unit"]) is None
