"""Case uploads through the site, as an instructor: every hostile file is refused with the
list of what was found, or stored de-identified with a report; heavy files go to Celery."""

from __future__ import annotations

import io
import shutil
import subprocess
import time

import pydicom
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.exercises import services
from courses.exercises.models import CaseUpload, CaseUploadStatus, SampleCase
from reporting.generate import generate_cases
from tests.factories import instructor
from tests.support.hostile_sr import (
    PLACES,
    corpus_files,
    every_string,
    heavy,
    hostile,
    read,
    to_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def base() -> bytes:
    return to_bytes(generate_cases("carotid", 1, 7)[0].dataset)


@pytest.fixture
def teacher(login_as):
    return login_as(instructor())


def post(client, data: bytes, *, deidentify: bool):
    payload = {
        "title": "Hostile case",
        "kind": "carotid",
        "file": SimpleUploadedFile("case.dcm", data, content_type="application/dicom"),
    }
    if deidentify:
        payload["deidentify"] = "on"
    return client.post(reverse("exercise-case-upload"), payload)


@pytest.mark.parametrize("place", list(PLACES))
def test_a_hostile_file_is_refused_with_the_list_of_what_was_found(teacher, base, place):
    ds, _secret = hostile(base, place)
    response = post(teacher, to_bytes(ds), deidentify=False)
    assert response.status_code == 400
    body = response.content.decode()
    assert "can identify a" in body and "PatientName" in body
    assert SampleCase.objects.count() == 0


@pytest.mark.parametrize("place", list(PLACES))
def test_a_hostile_file_is_stored_de_identified_with_its_report(teacher, base, place):
    ds, secret = hostile(base, place)
    response = post(teacher, to_bytes(ds), deidentify=True)
    assert response.status_code == 302
    upload = CaseUpload.objects.get()
    assert response["Location"] == reverse("exercise-case-upload-status", args=[upload.token])
    assert upload.status == CaseUploadStatus.READY and upload.findings
    report = teacher.get(response["Location"]).content.decode()
    assert "Patient data found" in report and "PatientName" in report
    case = SampleCase.objects.get()
    with case.file.open("rb") as handle:
        stored = read(handle.read())
    assert not [s for s in every_string(stored) if secret.lower() in s.lower()]
    assert secret.lower() not in str(case.case_data).lower()  # what the trainee page shows


def test_the_trainee_page_shows_only_what_survived(teacher, base):
    from courses.exercises.selectors import case_view

    ds, secret = hostile(base, "CODE meaning (local code)")
    post(teacher, to_bytes(ds), deidentify=True)
    shown = case_view(SampleCase.objects.get())
    assert shown["tree"] and secret not in str(shown)


def test_a_heavy_file_does_not_hold_the_request_and_the_task_refuses_it(
    teacher, base, django_capture_on_commit_callbacks
):
    data = heavy(base, 900_000)
    assert 8 * 2**20 < len(data) < 10 * 2**20
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(teacher, data, deidentify=True)
    request_seconds = time.perf_counter() - started
    upload = CaseUpload.objects.get()
    assert response.status_code == 302 and upload.status == CaseUploadStatus.QUEUED
    assert SampleCase.objects.count() == 0  # not a case until checked
    assert upload.raw.name and upload.raw.storage.exists(upload.raw.name)
    page = teacher.get(response["Location"]).content.decode()
    assert "<progress" in page and "data-poll-url" in page
    for callback in callbacks:  # what the worker does (eager in tests)
        callback()
    upload.refresh_from_db()
    assert upload.status == CaseUploadStatus.REFUSED
    assert "more than 100,000 elements" in upload.message
    assert not upload.raw.name
    assert SampleCase.objects.count() == 0
    fragment = teacher.get(response["Location"] + "?fragment=1").content.decode()
    assert 'data-final="true"' in fragment and "100,000" in fragment
    print(f"request for {len(data) / 2**20:.1f} MB: {request_seconds:.2f} s")


def test_a_file_over_the_request_budget_is_checked_by_the_task(
    teacher, base, django_capture_on_commit_callbacks
):
    data = heavy(base, 21_000)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(teacher, data, deidentify=True)
    assert response.status_code == 302
    upload = CaseUpload.objects.get()
    assert upload.status == CaseUploadStatus.READY, upload.message
    private = [f for f in upload.findings if f["reason"].startswith("private attribute")]
    assert len(private) > 100
    stored = read(upload.case.file.open("rb").read())
    assert not [e for e in stored if e.tag.is_private]


def test_counting_elements_stops_at_the_limit(base):
    data = heavy(base, 50_000)
    assert services.count_elements(data=data, limit=1000) == 1001
    small = services.count_elements(data=base, limit=10_000)
    assert 0 < small < 100
    assert pydicom.dcmread(io.BytesIO(base))


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_each_corpus_file_is_stored_with_nothing_identifying_left(teacher, path, tmp_path):
    original = read(path.read_bytes())
    names = {str(original.PatientName), str(original.SOPInstanceUID)}
    refused = post(teacher, path.read_bytes(), deidentify=False)
    assert refused.status_code == 400 and "PatientName" in refused.content.decode()
    response = post(teacher, path.read_bytes(), deidentify=True)
    assert response.status_code == 302
    case = SampleCase.objects.get()
    with case.file.open("rb") as handle:
        data = handle.read()
    stored = read(data)
    assert not [s for s in every_string(stored) for n in names if n.lower() in s.lower()]
    if shutil.which("dciodvfy"):
        (tmp_path / "case.dcm").write_bytes(data)
        run = subprocess.run(
            ["dciodvfy", str(tmp_path / "case.dcm")], capture_output=True, text=True
        )
        assert [line for line in (run.stdout + run.stderr).splitlines() if "Error" in line] == []
