"""The SR reader: any SR IOD -> Case, anything else -> ReadError, never an exception."""

from __future__ import annotations

import io
from pathlib import Path

import pydicom
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset

from reporting.codes import Code
from reporting.sr import Case, ReadError, read_case

PSV = Code("11726-7", "LN")
ICA = Code("86117002", "SCT")


def test_generated_carotid_case_has_context_resolved_measurements(carotid_cases):
    case = read_case(carotid_cases[0].dataset)
    assert isinstance(case, Case)
    assert case.template_id == "5100"
    ica_psv = [
        m for m in case.measurements if m.concept.matches(PSV) and m.finding_site.matches(ICA)
    ]
    assert {m.laterality for m in ica_psv} == {"right", "left"}
    assert all(m.unit == "cm/s" for m in ica_psv)
    plaques = [e for e in case.evaluations if e.concept.value == "PLQ"]
    assert {e.laterality for e in plaques} == {"right", "left"}


def test_retired_srt_finding_site_is_kept_in_tree_and_mapped_to_sct(carotid_cases):
    # index 2: left side uses T-45005 "Artery of neck" on the Findings container
    case = read_case(carotid_cases[2].dataset)
    codes = []

    def walk(node):
        if node.value_type == "CODE":
            codes.append(node.value)
        for child in node.children:
            walk(child)

    walk(case.root)
    assert any(c.value == "T-45005" and c.scheme == "SRT" for c in codes)


def test_empty_measured_value_gives_none(carotid_cases):
    occluded = next(c for c in carotid_cases if "occlusion" in c.plan.values())
    case = read_case(occluded.dataset)
    assert any(m.value is None for m in case.measurements)


def test_tid1500_laterality_nested_under_finding_site(thyroid_cases):
    lobar = next(c for c in thyroid_cases if c.plan["location"] != "isthmus")
    case = read_case(lobar.dataset)
    (m,) = case.measurements
    assert m.laterality == lobar.plan["location"].split("_")[0]
    assert m.finding_site.value == "119281005"
    assert m.tracking_id == "Nodule 1"
    assert m.unit == "mm"


def test_reads_path_and_bytes_alike(tmp_path, carotid_bytes):
    path = tmp_path / "c.dcm"
    path.write_bytes(carotid_bytes)
    a, b = read_case(path), read_case(carotid_bytes)
    assert a.as_dict() == b.as_dict()


def test_pydicom_real_world_sr_extracts_with_references_and_coords():
    path = get_testdata_file("test-SR.dcm")
    if path is None:
        pytest.skip("pydicom test SR not on disk")
    case = read_case(path)
    assert isinstance(case, Case)
    assert case.sop_class_name == "Comprehensive SR"
    assert [m.value for m in case.measurements] == [3.0, 3.0]
    kinds = set()
    refs = []

    def walk(node):
        kinds.add(node.value_type)
        if node.is_reference:
            refs.append(node.reference)
        for child in node.children:
            walk(child)

    walk(case.root)
    assert {"SCOORD", "TCOORD", "IMAGE", "WAVEFORM", "COMPOSITE", "DATETIME"} <= kinds
    assert (1, 3, 2) in refs


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"", "empty"),
        (b"not dicom at all", "not a DICOM"),
        ("/nonexistent/file.dcm", "no such file"),
        (12345, "unsupported"),
    ],
)
def test_bad_sources_give_read_errors(source, message):
    result = read_case(source)
    assert isinstance(result, ReadError)
    assert message in result.message


def test_non_sr_dicom_is_rejected():
    result = read_case(get_testdata_file("CT_small.dcm"))
    assert isinstance(result, ReadError) and "not a structured report" in result.message


def test_sr_without_content_is_rejected(carotid_cases):
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.88.33"
    ds.Modality = "SR"
    result = read_case(ds)
    assert isinstance(result, ReadError) and "ContentSequence" in result.message


def test_oversized_input_is_refused():
    result = read_case(b"\0" * (20 * 1024 * 1024 + 1))
    assert isinstance(result, ReadError) and "larger than" in result.message


def test_truncated_file_is_case_or_read_error(carotid_bytes):
    for cut in (200, 400, len(carotid_bytes) // 2, len(carotid_bytes) - 3):
        assert isinstance(read_case(carotid_bytes[:cut]), Case | ReadError)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_files_never_raise(carotid_bytes, data):
    raw = bytearray(carotid_bytes)
    flips = data.draw(st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=20))
    for position in flips:
        raw[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    assert isinstance(read_case(bytes(raw)), Case | ReadError)


def test_by_reference_item_without_value_type_is_marked():
    ds = pydicom.dcmread(io.BytesIO(Path(get_testdata_file("test-SR.dcm")).read_bytes()))
    case = read_case(ds)
    assert any(child.is_reference for child in case.root.children[2].children[2].children)
