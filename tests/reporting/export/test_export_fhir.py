"""FHIR R4 export: a collection Bundle with a DiagnosticReport and Observations."""

import pytest
from fhir.resources.R4B.bundle import Bundle

from reporting.export import export_fhir_bundle
from reporting.mrrt import ReportValueError, load_shipped_template

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


def resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_validates_with_fhir_resources(bundle):
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"


def test_report_is_final_with_conclusion_and_one_result_per_filled_field(bundle):
    (report,) = resources(bundle, "DiagnosticReport")
    assert report["status"] == "final"
    assert report["code"]["coding"][0]["system"] == "http://loinc.org"
    assert report["conclusion"] == "Right ICA stenosis 50-69%."
    observations = resources(bundle, "Observation")
    assert len(observations) == len(VALUES) == len(report["result"])
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    assert {r["reference"] for r in report["result"]} <= full_urls


def test_numbers_are_ucum_quantities_and_codes_come_from_the_template(bundle):
    by_text = {o["code"]["text"]: o for o in resources(bundle, "Observation")}
    psv = by_text["Right ICA peak systolic velocity"]
    assert psv["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "11726-7",
        "display": "Peak systolic velocity",
    }
    assert psv["valueQuantity"] == {
        "value": 150.5,
        "unit": "cm/s",
        "system": "http://unitsofmeasure.org",
        "code": "cm/s",
    }
    assert psv["bodySite"]["coding"][0]["code"] == "86117002"
    ratio = by_text["Right ICA/CCA peak systolic velocity ratio"]
    assert ratio["valueQuantity"]["code"] == "1"
    grade = by_text["Right ICA stenosis grade (SRU consensus)"]
    assert grade["valueCodeableConcept"] == {"text": "50-69%"}
    assert by_text["Clinical information and indication"]["valueString"] == "Dizziness"


def test_coded_option_is_a_codeable_concept_and_multiple_choices_a_string():
    bundle = export_fhir_bundle(
        load_shipped_template("thyroid-nodule-tirads"),
        {"nodule_location": "left_lobe", "echogenic_foci": ["comet_tail", "punctate"]},
    )
    by_text = {o["code"]["text"]: o for o in resources(bundle, "Observation")}
    location = by_text["Nodule location"]["valueCodeableConcept"]
    assert location["coding"][0]["code"] == "79163004"  # left lobe of thyroid, not "Left"
    foci = by_text["Echogenic foci (choose all that apply)"]["valueString"]
    assert foci == "Large comet-tail artifacts; Punctate echogenic foci"
    Bundle.model_validate(bundle)


def test_empty_answers_make_no_observation_and_bad_values_are_refused():
    template = load_shipped_template("lung-nodule-lungrads")
    bundle = export_fhir_bundle(template, {"impression": "  "})
    assert resources(bundle, "Observation") == []
    with pytest.raises(ReportValueError, match="not an option"):
        export_fhir_bundle(template, {"lungrads_category": "4X"})
