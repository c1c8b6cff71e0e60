"""Patient data: every identifying element is found; deidentify leaves nothing behind."""

from __future__ import annotations

import copy
import io

import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset

from reporting.phi import deidentify, find_identifying, remap_uid


def _item(value_type: str, meaning: str, **values) -> Dataset:
    item = Dataset()
    item.RelationshipType = "CONTAINS"
    item.ValueType = value_type
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "X1", "99TEST", meaning
    item.ConceptNameCodeSequence = [code]
    for key, value in values.items():
        setattr(item, key, value)
    return item


@pytest.fixture
def leaky(carotid_bytes) -> Dataset:
    ds = pydicom.dcmread(io.BytesIO(carotid_bytes))  # plain pydicom, not highdicom classes
    ds.PatientName = "Müller^Hans"
    ds.PatientID = "4711-0815"
    ds.PatientBirthDate = "19500102"
    ds.InstitutionName = "Klinikum Nord"
    ds.ContentSequence.append(_item("PNAME", "Person Observer Name", PersonName="Schmidt^Eva"))
    ds.ContentSequence.append(
        _item("TEXT", "Comment", TextValue="Examined by Dr. Schmidt, patient Müller agitated")
    )
    ds.ContentSequence.append(_item("TEXT", "Comment", TextValue="Hans reports dizziness"))
    ds.add_new(0x00091001, "LO", "private vendor data")
    return ds


def test_generated_cases_are_clean(carotid_cases, thyroid_cases):
    for case in [*carotid_cases, *thyroid_cases]:
        assert find_identifying(case.dataset) == []


def test_injected_identifiers_are_flagged_item_by_item(leaky):
    found = find_identifying(leaky)
    keywords = {f.keyword for f in found}
    assert {"PatientName", "PatientID", "PatientBirthDate", "InstitutionName"} <= keywords
    paths = [f.path for f in found]
    assert any(p.endswith("PersonName") and "ContentSequence" in p for p in paths)
    text_findings = [f for f in found if f.keyword == "TextValue"]
    assert len(text_findings) == 2  # title + name, and a name known from PatientName
    assert any(f.reason == "private attribute" for f in found)


def test_name_values_are_masked_in_findings(leaky):
    for finding in find_identifying(leaky):
        assert "Müller" not in finding.hint and "Schmidt" not in finding.hint


def test_deidentify_passes_check_and_keeps_uid_links(leaky):
    clean = deidentify(leaky, shift_dates_days=-100, uid_salt="s3cret")
    assert find_identifying(clean) == []
    assert clean.PatientIdentityRemoved == "YES"
    assert [c.CodeValue for c in clean.DeidentificationMethodCodeSequence] == [
        "113100",
        "113104",
        "113107",
    ]
    assert clean.StudyInstanceUID == remap_uid(leaky.StudyInstanceUID, "s3cret")
    ref = clean.CurrentRequestedProcedureEvidenceSequence[0]
    assert ref.StudyInstanceUID == clean.StudyInstanceUID  # same input UID -> same output UID
    again = deidentify(leaky, shift_dates_days=-100, uid_salt="s3cret")
    assert again.SOPInstanceUID == clean.SOPInstanceUID
    other = deidentify(leaky, shift_dates_days=-100, uid_salt="other")
    assert other.SOPInstanceUID != clean.SOPInstanceUID


def test_dates_are_shifted_or_removed(leaky):
    shifted = deidentify(leaky, shift_dates_days=-1, uid_salt="x")
    assert shifted.ContentDate == "19991231"
    assert shifted.LongitudinalTemporalInformationModified == "MODIFIED"
    removed = deidentify(leaky, remove_dates=True, uid_salt="x")
    assert removed.ContentDate == ""
    assert removed.LongitudinalTemporalInformationModified == "REMOVED"


def test_real_world_sr_is_flagged_then_cleaned():
    ds = pydicom.dcmread(get_testdata_file("test-SR.dcm"))
    assert find_identifying(ds)
    clean = deidentify(ds, uid_salt="x")
    assert find_identifying(clean) == []


def test_marker_alone_does_not_whitelist_real_names(carotid_cases):
    ds = copy.deepcopy(carotid_cases[0].dataset)
    ds.PatientName = "Rossi^Mario"
    assert [f.keyword for f in find_identifying(ds)] == ["PatientName"]
