"""The ten DCMTK sample reports: each de-identified copy is valid DICOM, keeps every
measurement and holds none of the original names, dates, institutions or instance UIDs."""

from __future__ import annotations

import subprocess

import pytest

from reporting.phi import check, deidentify
from tests.reporting.conftest import needs
from tests.support.hostile_sr import corpus_files, every_string, read, to_bytes

FILES = corpus_files()
pytestmark = pytest.mark.skipif(not FILES, reason="../shared/corpus/sr/dcmtk is absent")
UPLOAD_SALT = "one upload"


def _measurements(ds) -> list[tuple]:
    found = []
    for item in ds.get("ContentSequence") or []:
        if item.get("ValueType") == "NUM" and item.get("MeasuredValueSequence"):
            concept, value = item.ConceptNameCodeSequence[0], item.MeasuredValueSequence[0]
            unit = value.MeasurementUnitsCodeSequence[0]
            found.append(
                (
                    (concept.CodeValue, concept.CodingSchemeDesignator),
                    str(value.NumericValue),
                    (unit.CodeValue, unit.CodingSchemeDesignator),
                )
            )
        found += _measurements(item)
    return sorted(found)


def _originals(ds) -> set[str]:
    """The original's names, dates, institutions and instance UIDs, read with plain pydicom."""
    originals: set[str] = set()
    for element in [*ds.file_meta, *ds.iterall()]:
        value = element.value
        if value in (None, "", b"") or element.VR == "SQ":
            continue
        if element.VR == "PN":
            originals.add(str(value))
            originals |= {p for p in str(value).split("^") if len(p) >= 4}
        elif element.VR in {"DA", "DT"}:
            originals.add(str(value)[:8])
        elif (
            element.keyword in {"InstitutionName", "VerifyingOrganization"}
            or element.VR == "UI"
            and element.keyword.endswith("InstanceUID")
        ):
            originals.add(str(value))
    for item in _content_items(ds):
        names = item.get("ConceptNameCodeSequence") or []
        meaning = names[0].CodeMeaning if names else ""
        if item.get("ValueType") == "TEXT" and "Organization" in meaning:
            originals.add(str(item.TextValue))
    return originals


def _content_items(ds):
    for item in ds.get("ContentSequence") or []:
        yield item
        yield from _content_items(item)


@pytest.fixture(scope="module")
def deidentified():
    return {path.name: (read(path.read_bytes()), _deid(path)) for path in FILES}


def _deid(path):
    result = deidentify(read(path.read_bytes()), salt=UPLOAD_SALT)
    assert result.left == []
    return result


def test_there_are_ten_sample_reports():
    assert len(FILES) == 10


@pytest.mark.parametrize("name", [p.name for p in FILES])
def test_the_check_finds_the_patient_in_each_sample(deidentified, name):
    original, _result = deidentified[name]
    keywords = {f.keyword for f in check(original)}
    assert {"PatientName", "SOPInstanceUID", "ContentDate"} <= keywords


@pytest.mark.parametrize("name", [p.name for p in FILES])
def test_nothing_of_the_original_identity_survives(deidentified, name):
    original, result = deidentified[name]
    originals = _originals(original)
    assert originals  # the samples do carry fictional patients
    strings = every_string(read(to_bytes(result.dataset)))
    survivors = {o for o in originals for s in strings if o.lower() in s.lower()}
    assert survivors == set()


@pytest.mark.parametrize("name", [p.name for p in FILES])
def test_every_measurement_is_kept(deidentified, name):
    original, result = deidentified[name]
    assert _measurements(read(to_bytes(result.dataset))) == _measurements(original)


def test_some_samples_have_measurements(deidentified):
    assert sum(len(_measurements(o)) for o, _r in deidentified.values()) >= 1


@needs("dciodvfy")
@pytest.mark.parametrize("name", [p.name for p in FILES])
def test_each_copy_passes_dciodvfy_without_errors(deidentified, name, tmp_path):
    _original, result = deidentified[name]
    path = tmp_path / name
    result.dataset.save_as(path, enforce_file_format=True)
    run = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True)
    errors = [line for line in (run.stdout + run.stderr).splitlines() if "Error" in line]
    assert errors == []


def test_uids_of_one_upload_stay_linked(deidentified):
    # Same original UID -> same new UID in every file de-identified with one salt.
    studies = {}
    for name, (original, result) in deidentified.items():
        studies.setdefault(str(original.StudyInstanceUID), set()).add(
            str(result.dataset.StudyInstanceUID)
        )
    assert all(len(new) == 1 for new in studies.values())
