"""The profile is the Annex E table read as data; the check and the de-identification agree."""

from __future__ import annotations

import copy
import json

import pydicom
import pytest
from pydicom.data import get_testdata_file

from reporting.phi import Profile, check, deidentify, remap_uid
from reporting.phi.table import DATA, action_for
from tests.support.hostile_sr import read


@pytest.fixture
def test_sr():
    return pydicom.dcmread(get_testdata_file("test-SR.dcm"))


def _table() -> dict[str, dict]:
    rows = json.loads((DATA / "annex_e.json").read_text())["attributes"]
    return {row["keyword"]: row for row in rows if row["keyword"]}


def test_the_table_names_every_attribute_the_issue_found_kept():
    table = _table()
    for keyword in [
        "CurrentPatientLocation",
        "MedicalAlerts",
        "RequestedProcedureComments",
        "ReasonForTheRequestedProcedure",
        "PatientState",
        "ResponsibleOrganization",
        "PatientReligiousPreference",
        "IssuerOfAccessionNumberSequence",
        "PrivateInformation",
        "SourceApplicationEntityTitle",
    ]:
        assert table[keyword]["basic"] == "X", keyword
    assert table["ContentDate"]["basic"] == "Z/D"
    assert table["ContentDate"]["options"]["113107"] == "C"
    assert len(table) > 600  # the whole of Table E.1-1, not a hand-picked subset


def test_options_change_what_happens_to_an_attribute():
    tag = pydicom.tag.Tag("StudyDescription")
    assert action_for(tag, "LO", "StudyDescription", "", Profile()).action == "X"
    clean = Profile.build(clean_descriptors=True)
    assert action_for(tag, "LO", "StudyDescription", "", clean).action == "C"
    station = pydicom.tag.Tag("StationName")
    assert action_for(station, "SH", "StationName", "", Profile()).action == "X"
    device = Profile.build(retain_device_identity=True)
    assert action_for(station, "SH", "StationName", "", device).action == "K"


def test_compound_codes_resolve_by_the_attributes_type_in_the_sr_iod():
    tag = pydicom.tag.Tag("ContentDate")
    assert action_for(tag, "DA", "ContentDate", "", Profile()).action == "D"  # Type 1
    org = pydicom.tag.Tag("VerifyingOrganization")
    rule = action_for(org, "LO", "VerifyingOrganization", "VerifyingObserverSequence", Profile())
    assert rule.action == "D"  # Type 1 in a verified document: a dummy, never removed


def test_check_lists_exactly_what_deidentify_changes(test_sr):
    found = check(test_sr)
    result = deidentify(test_sr, salt="k")
    assert [f.as_dict() for f in found] == [f.as_dict() for f in result.found]
    assert result.left == []
    assert check(result.dataset) == []  # and de-identifying it again would change nothing


def test_uids_remap_consistently_and_registry_oids_never(test_sr):
    result = deidentify(test_sr, salt="s3cret").dataset
    assert result.StudyInstanceUID == remap_uid(test_sr.StudyInstanceUID, "s3cret")
    assert result.file_meta.MediaStorageSOPInstanceUID == result.SOPInstanceUID
    assert result.SOPClassUID == test_sr.SOPClassUID
    assert result.file_meta.TransferSyntaxUID == test_sr.file_meta.TransferSyntaxUID
    other = deidentify(test_sr, salt="other").dataset
    assert other.SOPInstanceUID != result.SOPInstanceUID


def test_coding_scheme_registry_oids_are_kept(corpus_file):
    ds = read(corpus_file("report02.dcm"))
    ucum = [i for i in ds.CodingSchemeIdentificationSequence if i.CodingSchemeDesignator == "UCUM"]
    assert ucum[0].CodingSchemeUID == "2.16.840.1.113883.6.8"
    out = deidentify(ds, salt="x").dataset
    kept = [i for i in out.CodingSchemeIdentificationSequence if i.CodingSchemeDesignator == "UCUM"]
    assert kept[0].CodingSchemeUID == "2.16.840.1.113883.6.8"
    assert not [f for f in check(out) if f.keyword == "CodingSchemeUID"]


def test_dates_get_dummies_by_default_or_move_with_the_option(test_sr):
    dummy = deidentify(test_sr, salt="x").dataset
    assert dummy.ContentDate == "20000101"  # Type 1: a dummy, so dciodvfy is content
    assert dummy.LongitudinalTemporalInformationModified == "REMOVED"
    shifted = deidentify(test_sr, salt="x", profile=Profile.build(shift_days=-1)).dataset
    assert shifted.ContentDate == _day_before(test_sr.ContentDate)
    assert shifted.LongitudinalTemporalInformationModified == "MODIFIED"
    codes = [c.CodeValue for c in shifted.DeidentificationMethodCodeSequence]
    assert codes == ["113100", "113104", "113107"]


def _day_before(da: str) -> str:
    import datetime

    day = datetime.date(int(da[:4]), int(da[4:6]), int(da[6:8])) - datetime.timedelta(days=1)
    return day.strftime("%Y%m%d")


def test_the_marker_is_never_trusted(carotid_cases):
    ds = copy.deepcopy(carotid_cases[0].dataset)
    assert check(ds) == []
    ds.PatientName = "Rossi^Mario"
    assert ds.PatientIdentityRemoved == "YES"
    assert [f.keyword for f in check(ds)] == ["PatientName"]


def test_generated_cases_pass_the_check(carotid_cases, thyroid_cases):
    for case in [*carotid_cases, *thyroid_cases]:
        assert check(case.dataset) == []


def test_findings_mask_the_values(test_sr):
    names = {
        str(test_sr.PatientName),
        str(test_sr.VerifyingObserverSequence[0].VerifyingObserverName),
    }
    for finding in check(test_sr):
        assert not any(name in finding.hint for name in names)
