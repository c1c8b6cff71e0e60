"""The exports a trainee downloads, for an exercise on each shipped template: the FHIR
bundle validates and follows the HL7 DICOM SR to FHIR IG's profiles; the DICOM SR reads."""

from __future__ import annotations

import io
import json

import pydicom
import pytest
from django.urls import reverse

from courses.exercises import services
from tests.exercises.factories import make_exercise
from tests.factories import resident
from tests.support.fhir_profile import assert_follows_the_ig

pytestmark = pytest.mark.django_db

SHIPPED = [
    ("carotid-duplex", "sru-carotid-2003", "carotid"),
    ("thyroid-nodule-tirads", "acr-tirads-2017", "thyroid"),
    ("lung-nodule-lungrads", "lungrads-2022", "lung"),
]


@pytest.mark.parametrize(("template", "rules", "kind"), SHIPPED)
def test_each_shipped_exercise_exports_fhir_that_follows_the_ig(
    template, rules, kind, login_as, django_capture_on_commit_callbacks
):
    exercise = make_exercise(template=template, rules=rules, kind=kind)
    case = exercise.cases.get()
    key = services.derive_key(exercise=exercise, case=case).derived
    # A complete report: every keyed answer filled in (what it says is not under test).
    values = {n: s["expected"] for n, s in key["fields"].items() if s["expected"] not in (None, "")}
    owner = resident()
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submit(user=owner, exercise=exercise, case=case, values=values)
    client = login_as(owner)
    response = client.get(reverse("exercise-export-fhir", kwargs={"submission_id": submission.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    bundle = json.loads(response.content)
    assert assert_follows_the_ig(bundle) >= 1
    sr = client.get(reverse("exercise-export-sr", kwargs={"submission_id": submission.pk}))
    assert pydicom.dcmread(io.BytesIO(sr.content)).Modality == "SR"
