"""Instructors' and staff's exercise views through the forms: case uploads (bad files are
form errors and nothing is stored), generation, template import, key overrides, regrades
and the gradebook."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.exercises.models import ReportTemplate, SampleCase
from tests.exercises.factories import (
    case_bytes,
    not_sr_bytes,
    upload,
    with_patient_data,
)
from tests.factories import instructor, staff

pytestmark = pytest.mark.django_db


# --- Instructor uploads through the form ------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"plain text", "not a DICOM file"),
        (not_sr_bytes(), "not a structured report"),
        (case_bytes()[:1500], "cannot"),
        (with_patient_data(case_bytes()), "can identify a patient"),
        (b"\0" * (10 * 1024 * 1024 + 10), "larger than 10 MB"),
    ],
    ids=["not-dicom", "not-sr", "truncated", "patient-data", "too-large"],
)
def test_bad_case_uploads_are_form_errors_and_nothing_is_stored(data, message, login_as):
    client = login_as(instructor())
    response = client.post(
        reverse("exercise-case-upload"),
        {"title": "Bad", "kind": "carotid", "file": upload(data)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SampleCase.objects.count() == 0


def test_patient_data_refusal_lists_the_attributes(login_as):
    client = login_as(instructor())
    body = client.post(
        reverse("exercise-case-upload"),
        {"title": "PHI", "kind": "carotid", "file": upload(with_patient_data(case_bytes()))},
    ).content.decode()
    assert "PatientName" in body and "PatientBirthDate" in body


def test_upload_with_de_identify_ticked_stores_the_case(login_as):
    client = login_as(staff())
    response = client.post(
        reverse("exercise-case-upload"),
        {
            "title": "PHI",
            "kind": "carotid",
            "file": upload(with_patient_data(case_bytes(index=2))),
            "deidentify": "on",
        },
    )
    assert response.status_code == 302
    assert SampleCase.objects.get().source == "deidentified"


def test_generating_cases_through_the_form(login_as):
    client = login_as(instructor())
    bad = client.post(reverse("exercise-case-generate"), {"kind": "lung", "count": 51, "seed": 1})
    assert bad.status_code == 400
    ok = client.post(reverse("exercise-case-generate"), {"kind": "lung", "count": 2, "seed": 1})
    assert ok.status_code == 302
    assert SampleCase.objects.count() == 2


def test_a_broken_template_is_refused_with_its_problems(login_as):
    from reporting.mrrt import shipped_template_path

    html = shipped_template_path("carotid-duplex").read_text()
    broken = html.replace('<meta charset="UTF-8">', "")
    client = login_as(instructor())
    response = client.post(reverse("exercise-template-import"), {"slug": "broken", "html": broken})
    assert response.status_code == 400
    assert "problem" in response.content.decode()
    assert not ReportTemplate.objects.filter(slug="broken").exists()
    garbage = client.post(
        reverse("exercise-template-import"),
        {"slug": "garbage", "file": upload(b"\x00\x01\x02binary", "t.html")},
    )
    assert garbage.status_code == 400
    ok = client.post(
        reverse("exercise-template-import"),
        {"slug": "carotid-copy", "file": upload(html.encode(), "t.html")},
    )
    assert ok.status_code == 302
    assert ReportTemplate.objects.filter(slug="carotid-copy").exists()


def test_a_key_answer_through_the_typed_form(world, login_as):
    client = login_as(instructor())
    url = reverse(
        "exercise-key", kwargs={"exercise_id": world["exercise"].pk, "case_id": world["case"].pk}
    )
    bad = client.post(url, {"right_ica_psv": "fast"})
    assert bad.status_code == 400
    assert "Enter a number" in bad.content.decode()
    key = world["case"].keys.get()
    engine = key.derived["fields"]["right_ica_psv"]["expected"]
    ok = client.post(url, {"right_ica_psv": str(engine + 40)})
    assert ok.status_code == 302
    assert world["case"].keys.get().overrides["right_ica_psv"]["expected"] == engine + 40


def test_regrade_from_the_dashboard_shows_progress(
    world, login_as, django_capture_on_commit_callbacks
):
    client = login_as(staff())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exercise-regrade-start", kwargs={"exercise_id": world["exercise"].pk})
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "1 of 1" in page
    fragment = client.get(response["Location"] + "?fragment=1").content.decode()
    assert 'data-final="true"' in fragment


def test_gradebook_lists_scores_missed_fields_and_exports_csv(world, login_as):
    client = login_as(instructor())
    body = client.get(
        reverse("exercise-gradebook", kwargs={"exercise_id": world["exercise"].pk})
    ).content.decode()
    assert world["owner"].name in body
    assert "Most missed fields" in body
    csv_body = b"".join(
        client.get(
            reverse("exercise-gradebook-csv", kwargs={"exercise_id": world["exercise"].pk})
        ).streaming_content
    ).decode()
    assert csv_body.splitlines()[0].startswith("trainee,email,case")
    assert world["owner"].email in csv_body
