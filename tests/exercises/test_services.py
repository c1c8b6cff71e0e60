"""Services of the exercises feature, read as a specification."""

from __future__ import annotations

import io
from pathlib import Path

import pydicom
import pytest
from django.conf import settings

from courses.exercises import services
from courses.exercises.models import (
    AnswerKey,
    CaseSource,
    ReportTemplate,
    SampleCase,
)
from reporting.phi import find_identifying
from tests.exercises.factories import (
    case_bytes,
    make_exercise,
    not_sr_bytes,
    upload,
    with_patient_data,
)

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "exercises"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- Upload -----------------------------------------------------------------------------


def test_a_clean_synthetic_case_is_stored_privately_with_its_extracted_content():
    case = services.upload_case(uploaded=upload(case_bytes()), title="Carotid 1", kind="carotid")
    assert case.source == CaseSource.UPLOADED
    assert case.case_data["measurements"], "measurements are extracted once, at upload"
    assert "tree" in case.case_data
    assert Path(case.file.path).is_file()
    assert str(settings.PRIVATE_MEDIA_ROOT) in case.file.path
    assert not case.file.path.startswith(str(settings.MEDIA_ROOT))  # never under /media/


def test_a_file_with_patient_data_is_refused_with_the_attributes_and_nothing_is_stored():
    before_files = len(stored_files())
    with pytest.raises(services.CaseUploadError) as refused:
        services.upload_case(uploaded=upload(with_patient_data(case_bytes())), title="PHI")
    details = " ".join(refused.value.details)
    assert "PatientName" in details
    assert "PatientBirthDate" in details
    assert "InstitutionName" in details
    assert SampleCase.objects.count() == 0
    assert len(stored_files()) == before_files


def test_de_identify_for_me_stores_a_clean_copy_and_discards_the_original():
    original = with_patient_data(case_bytes(index=1))
    case = services.upload_case(
        uploaded=upload(original), title="PHI", kind="carotid", deidentify=True
    )
    assert case.source == CaseSource.DEIDENTIFIED
    with case.file.open("rb") as handle:
        stored = handle.read()
    assert stored != original
    dataset = pydicom.dcmread(io.BytesIO(stored))
    assert find_identifying(dataset) == []
    assert "Jansen" not in str(dataset.PatientName)
    assert b"Jansen" not in b"".join(p.read_bytes() for p in stored_files())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello, not DICOM", "not a DICOM file"),
        (not_sr_bytes(), "not a structured report"),
        (case_bytes()[:1500], "cannot"),
        (b"", "empty"),
    ],
    ids=["not-dicom", "not-sr", "truncated", "empty"],
)
def test_bad_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(services.CaseUploadError) as refused:
        services.upload_case(uploaded=upload(data), title="Bad")
    assert message in refused.value.message
    assert SampleCase.objects.count() == 0
    assert stored_files() == []


def test_a_file_over_10_mb_is_refused():
    with pytest.raises(services.CaseUploadError, match="10 MB"):
        services.upload_case(uploaded=upload(b"\0" * (10 * 1024 * 1024 + 1)), title="Big")
    assert SampleCase.objects.count() == 0


def test_the_same_file_twice_is_refused():
    services.upload_case(uploaded=upload(case_bytes()), title="Once")
    with pytest.raises(services.CaseUploadError, match="already"):
        services.upload_case(uploaded=upload(case_bytes()), title="Twice")
    assert SampleCase.objects.count() == 1


# --- Generation and templates -----------------------------------------------------------


def test_generation_is_deterministic_and_idempotent():
    first = services.generate_cases(kind="lung", count=2, seed=5)
    again = services.generate_cases(kind="lung", count=2, seed=5)
    assert [c.pk for c in first] == [c.pk for c in again]
    assert SampleCase.objects.count() == 2
    assert all(c.source == CaseSource.GENERATED for c in first)
    assert first[0].generator == {"kind": "lung", "seed": 5, "index": 0}


@pytest.mark.parametrize("count", [0, 51])
def test_generation_count_is_limited(count):
    with pytest.raises(services.ExerciseError):
        services.generate_cases(kind="carotid", count=count, seed=1)


def test_a_valid_template_is_imported_with_its_parsed_model():
    template = services.ensure_shipped_template(template_id="thyroid-nodule-tirads")
    assert template.problems == []
    assert any(f["id"] == "tirads_level" for f in template.parsed["fields"])


def test_a_template_with_problems_is_refused_with_every_message():
    from reporting.mrrt import shipped_template_path

    html = shipped_template_path("carotid-duplex").read_text()
    broken = html.replace("<title>", "<!--").replace("</title>", "-->")
    with pytest.raises(services.TemplateImportError) as refused:
        services.import_template(html=broken, slug="broken")
    assert refused.value.details
    assert any("title" in d.lower() for d in refused.value.details)
    assert not ReportTemplate.objects.filter(slug="broken").exists()


# --- Keys -------------------------------------------------------------------------------


def test_the_key_is_derived_by_the_engine_and_overrides_merge_per_field():
    exercise = make_exercise()
    case = exercise.cases.get()
    answer_key = services.derive_key(exercise=exercise, case=case)
    derived = answer_key.derived["fields"]
    assert derived["right_stenosis_grade"]["comparator"] == "derived"
    assert "sru-carotid-2003" in derived["right_stenosis_grade"]["rule"]
    assert answer_key.transfer["values"]["right_ica_psv"] == derived["right_ica_psv"]["expected"]

    old_hash = answer_key.key_hash
    services.set_key_override(
        answer_key=answer_key, field_id="right_ica_psv", spec={"tolerance": {"abs": 20}}
    )
    effective = services.effective_key(answer_key=answer_key, exercise=exercise)
    assert effective["fields"]["right_ica_psv"]["tolerance"] == {"abs": 20}
    assert effective["fields"]["right_ica_psv"]["expected"] == derived["right_ica_psv"]["expected"]
    assert answer_key.derived["fields"]["right_ica_psv"]["tolerance"] == {"abs": 5.0}
    assert answer_key.key_hash != old_hash

    # Deriving again keeps the instructor's overrides.
    services.derive_key(exercise=exercise, case=case)
    assert AnswerKey.objects.get(pk=answer_key.pk).overrides == {
        "right_ica_psv": {"tolerance": {"abs": 20}}
    }


def test_keys_are_derived_from_what_was_extracted_at_upload_not_from_the_file():
    exercise = make_exercise()
    case = exercise.cases.get()
    first = services.derive_key(exercise=exercise, case=case).derived
    case.file.storage.delete(case.file.name)  # the file is never read again
    assert services.derive_key(exercise=exercise, case=case).derived == first


def test_a_case_without_a_stored_extraction_is_refused_with_a_message():
    exercise = make_exercise()
    case = exercise.cases.get()
    SampleCase.objects.filter(pk=case.pk).update(case_data={})
    case.refresh_from_db()
    with pytest.raises(services.ExerciseError, match="upload the file again"):
        services.derive_key(exercise=exercise, case=case)


def test_the_migration_fills_the_extraction_of_cases_stored_without_it():
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "courses.exercises.migrations.0003_case_extraction_and_rubric_keys"
    )
    exercise = make_exercise()
    case = exercise.cases.get()
    stored = case.case_data
    SampleCase.objects.filter(pk=case.pk).update(case_data={})
    migration.fill_case_data(apps, None)
    case.refresh_from_db()
    assert case.case_data == stored


def test_an_override_that_breaks_the_key_is_refused():
    exercise = make_exercise()
    answer_key = services.derive_key(exercise=exercise, case=exercise.cases.get())
    with pytest.raises(services.ExerciseError):
        services.set_key_override(
            answer_key=answer_key, field_id="right_ica_psv", spec={"expected": "fast"}
        )
    assert AnswerKey.objects.get(pk=answer_key.pk).overrides == {}


def test_the_rubric_accepts_only_the_engines_rubric_keys():
    from django.core.exceptions import ValidationError

    from courses.exercises.models import validate_rubric

    validate_rubric({"right_ica_psv": {"weight": 2, "tolerance": {"abs": 10}}})
    with pytest.raises(ValidationError, match="unknown key"):
        validate_rubric({"right_ica_psv": {"expected": 240}})
    with pytest.raises(ValidationError, match="right_ica_psv: weight must be a number"):
        validate_rubric({"right_ica_psv": {"weight": -1}})


def test_the_rubric_changes_weights_in_the_effective_key():
    exercise = make_exercise(rubric={"impression": {"weight": 5}})
    answer_key = services.derive_key(exercise=exercise, case=exercise.cases.get())
    assert (
        services.effective_key(answer_key=answer_key, exercise=exercise)["fields"]["impression"][
            "weight"
        ]
        == 5
    )
