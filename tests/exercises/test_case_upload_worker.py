"""Heavy case uploads checked by a real Celery worker (Redis, PostgreSQL): the request
hands the file over, the worker checks it, the instructor's page shows the outcome."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.exercises.models import CaseUpload, CaseUploadStatus, SampleCase
from reporting.generate import generate_cases
from tests.factories import instructor
from tests.support.hostile_sr import heavy, read, to_bytes, with_patient
from tests.support.worker import wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _post(client, data: bytes):
    payload = {
        "title": "Padded case",
        "kind": "carotid",
        "deidentify": "on",
        "file": SimpleUploadedFile("case.dcm", data, content_type="application/dicom"),
    }
    return client.post(reverse("exercise-case-upload"), payload)


def _final(token: str) -> bool:
    return CaseUpload.objects.get(token=token).final


def test_the_worker_checks_what_the_request_handed_over(start_worker, login_as):
    worker = start_worker()
    client = login_as(instructor())
    base = to_bytes(with_patient(read(to_bytes(generate_cases("carotid", 1, 9)[0].dataset))))
    response = _post(client, heavy(base, 21_000))
    upload = CaseUpload.objects.get()
    assert response.status_code == 302 and not upload.final
    wait_for(lambda: _final(upload.token), 120, worker, "the check of a 21,000-element file")
    upload.refresh_from_db()
    assert upload.status == CaseUploadStatus.READY, upload.message
    assert not upload.raw.name and upload.case is not None
    stored = read(upload.case.file.open("rb").read())
    assert not [e for e in stored if e.tag.is_private] and str(stored.PatientName) == ""
    page = client.get(response["Location"]).content.decode()
    assert "Patient data found" in page and "PatientName" in page


def test_the_worker_refuses_a_file_no_real_case_resembles(start_worker, login_as):
    worker = start_worker()
    client = login_as(instructor())
    base = to_bytes(generate_cases("carotid", 1, 9)[0].dataset)
    response = _post(client, heavy(base, 900_000))
    upload = CaseUpload.objects.get()
    assert response.status_code == 302
    wait_for(lambda: _final(upload.token), 120, worker, "the refusal of a 900,000-element file")
    upload.refresh_from_db()
    assert upload.status == CaseUploadStatus.REFUSED
    assert "100,000" in upload.message and SampleCase.objects.count() == 0
    assert "100,000" in client.get(response["Location"] + "?fragment=1").content.decode()
