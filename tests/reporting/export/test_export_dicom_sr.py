"""DICOM Basic Text SR export: TID 2000 tree, valid IOD (dciodvfy), readable (dsrdump)."""

import shutil
import subprocess

import pydicom
import pytest

from reporting.export import export_dicom_sr
from reporting.mrrt import ReportValueError, load_shipped_template

CAROTID_VALUES = {
    "clinical_info": "Dizziness; rule out stenosis & <TIA>",
    "right_cca_psv": 80,
    "right_cca_edv": 20.5,
    "right_ica_psv": 150.5,
    "right_ica_edv": 45,
    "right_ica_cca_ratio": 1.88,
    "right_plaque": "narrowed_lumen",
    "right_stenosis_grade": "50_69",
    "left_ica_psv": 90,
    "left_stenosis_grade": "normal",
    "impression": "Right ICA stenosis 50-69%.",
}
THYROID_VALUES = {
    "nodule_location": "right_lobe",
    "nodule_size_mm": 23,
    "composition": "solid",
    "echogenic_foci": ["macrocalcifications", "punctate"],
    "tirads_points": 7,
    "tirads_level": "TR5",
    "recommendation": "fna",
    "impression": "Nodule in the right lobe, TR5 – FNA recommended.",  # a non-Latin-1 dash
}


def concept(item):
    return item.ConceptNameCodeSequence[0].CodeValue


def walk(items):
    for item in items:
        yield item
        yield from walk(getattr(item, "ContentSequence", []))


@pytest.fixture
def carotid_sr():
    return export_dicom_sr(
        load_shipped_template("carotid-duplex"),
        CAROTID_VALUES,
        PatientName="Test^Dummy",
        PatientID="DUMMY-42",
        StudyDate="20240102",
        AccessionNumber="ACC1",
    )


def test_document_is_basic_text_sr_with_the_caller_s_patient_and_study(carotid_sr):
    assert carotid_sr.SOPClassUID == "1.2.840.10008.5.1.4.1.1.88.11"
    assert carotid_sr.Modality == "SR"
    assert str(carotid_sr.PatientName) == "Test^Dummy" and carotid_sr.PatientID == "DUMMY-42"
    assert carotid_sr.StudyDate == "20240102" and carotid_sr.AccessionNumber == "ACC1"
    assert carotid_sr.ContentTemplateSequence[0].TemplateIdentifier == "2000"


def test_tree_has_report_root_sections_and_no_num_items(carotid_sr):
    assert concept(carotid_sr) == "18748-4"
    top = [concept(i) for i in carotid_sr.ContentSequence]
    assert top == ["121049", "55752-0", "59776-5", "19005-8"]
    value_types = {i.ValueType for i in walk(carotid_sr.ContentSequence)}
    assert "NUM" not in value_types
    assert value_types <= {"CONTAINER", "TEXT", "CODE"}


def test_numbers_go_as_text_with_units_and_codes_as_modifiers(carotid_sr):
    items = list(walk(carotid_sr.ContentSequence))
    psv = [i for i in items if i.ValueType == "TEXT" and concept(i) == "11726-7"]
    assert [i.TextValue for i in psv] == ["80 cm/s", "150.5 cm/s", "90 cm/s"]
    sites = [m.ConceptCodeSequence[0].CodeValue for m in psv[1].ContentSequence]
    assert "86117002" in sites and "24028007" in sites
    ratio = next(i for i in items if concept(i) == "33868-1")
    assert ratio.TextValue == "1.88"
    impression = next(i for i in items if concept(i) == "121073")
    assert impression.TextValue == "Right ICA stenosis 50-69%."


def test_chosen_coded_option_becomes_a_code_item():
    sr = export_dicom_sr(load_shipped_template("thyroid-nodule-tirads"), THYROID_VALUES)
    codes = [i for i in walk(sr.ContentSequence) if i.ValueType == "CODE"]
    # "Right lobe" is the right lobe of the thyroid (SCT 29565003), not bare "Right".
    assert any(i.ConceptCodeSequence[0].CodeValue == "29565003" for i in codes)
    assert not any(i.ConceptCodeSequence[0].CodeValue == "24028007" for i in codes)
    assert sr.SpecificCharacterSet == "ISO_IR 192"  # the dash needs UTF-8


def test_bad_values_and_attributes_are_refused():
    template = load_shipped_template("carotid-duplex")
    with pytest.raises(ReportValueError, match="unknown field"):
        export_dicom_sr(template, {"nope": 1})
    with pytest.raises(ValueError, match="unknown DICOM attribute"):
        export_dicom_sr(template, {}, PatientAge="042Y")


@pytest.fixture
def written(tmp_path, carotid_sr):
    paths = []
    for name, sr in (
        ("carotid", carotid_sr),
        (
            "thyroid",
            export_dicom_sr(load_shipped_template("thyroid-nodule-tirads"), THYROID_VALUES),
        ),
        (
            "lung",
            export_dicom_sr(
                load_shipped_template("lung-nodule-lungrads"),
                {
                    "exam_type": "follow_up_existing",
                    "prior_category": "4A",
                    "prior_diameter_mm": 9.4,
                    "months_since_prior": 3,
                    "nodule_type": "solid",
                    "nodule_location": "juxtapleural",
                    "nodule_margin": "smooth",
                    "nodule_shape": "lentiform",
                    "nodule_diameter_mm": 9.5,
                    "suspected_infection": False,
                    "lungrads_category": "3",
                    "impression": "Lung-RADS 3.",
                },
            ),
        ),
        ("empty", export_dicom_sr(load_shipped_template("carotid-duplex"), {})),
    ):
        path = tmp_path / f"{name}.dcm"
        sr.save_as(path, enforce_file_format=True)
        paths.append(path)
    return paths


def test_written_files_read_back_with_pydicom(written):
    for path in written:
        assert pydicom.dcmread(path).SOPClassUID == "1.2.840.10008.5.1.4.1.1.88.11"


@pytest.mark.skipif(shutil.which("dciodvfy") is None, reason="dciodvfy (dicom3tools) not installed")
def test_dciodvfy_finds_no_errors(written):
    for path in written:
        run = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True)
        output = run.stdout + run.stderr
        errors = [line for line in output.splitlines() if line.startswith("Error")]
        assert errors == [], f"{path.name}:\n{output}"


@pytest.mark.skipif(shutil.which("dsrdump") is None, reason="dsrdump (dcmtk) not installed")
def test_dsrdump_parses_the_tree(written):
    for path in written:
        run = subprocess.run(["dsrdump", str(path)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        assert "Basic Text SR Document" in run.stdout
        assert "Diagnostic Imaging Report" in run.stdout
        assert "E:" not in run.stderr
