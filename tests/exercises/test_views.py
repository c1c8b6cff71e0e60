"""Views per URL and role; forms never 500; trainees never see the key too early."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.exercises import services
from courses.exercises.models import FeedbackTiming, Submission
from tests.exercises.factories import (
    make_exercise,
    perfect_report,
)
from tests.factories import instructor, member, resident, staff

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "resident": resident,
    "member": member,
    "instructor": instructor,
    "staff": staff,
}


def client_for(role, client, login_as):
    factory = ROLES[role]
    if factory is None:
        return client
    return login_as(factory())


TRAINEE_URLS = [
    ("exercises", lambda w: {}),
    ("exercise", lambda w: {"exercise_id": w["exercise"].pk}),
    ("exercise-case", lambda w: {"exercise_id": w["exercise"].pk, "case_id": w["case"].pk}),
    ("exercise-transfer", lambda w: {"exercise_id": w["exercise"].pk, "case_id": w["case"].pk}),
]
MANAGER_URLS = [
    ("exercise-manage", lambda w: {}),
    ("exercise-template-import", lambda w: {}),
    ("exercise-template", lambda w: {"template_id": w["exercise"].report_template_id}),
    ("exercise-case-upload", lambda w: {}),
    ("exercise-case-generate", lambda w: {}),
    ("exercise-case-download", lambda w: {"case_id": w["case"].pk}),
    ("exercise-preview", lambda w: {"exercise_id": w["exercise"].pk, "case_id": w["case"].pk}),
    ("exercise-keys", lambda w: {"exercise_id": w["exercise"].pk}),
    ("exercise-key", lambda w: {"exercise_id": w["exercise"].pk, "case_id": w["case"].pk}),
    ("exercise-gradebook", lambda w: {"exercise_id": w["exercise"].pk}),
    ("exercise-gradebook-csv", lambda w: {"exercise_id": w["exercise"].pk}),
    ("exercise-trainee", lambda w: {"exercise_id": w["exercise"].pk, "user_id": w["owner"].pk}),
]
SUBMISSION_URLS = [
    "exercise-submission",
    "exercise-submission-status",
    "exercise-export-sr",
    "exercise-export-fhir",
    "exercise-export-pdf",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs"), TRAINEE_URLS, ids=[u[0] for u in TRAINEE_URLS])
def test_trainee_pages_need_a_sign_in_except_the_list(role, name, kwargs, world, client, login_as):
    response = client_for(role, client, login_as).get(reverse(name, kwargs=kwargs(world)))
    if role == "anonymous" and name != "exercises":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs"), MANAGER_URLS, ids=[u[0] for u in MANAGER_URLS])
def test_authoring_and_gradebooks_are_for_instructors_and_staff(
    role, name, kwargs, world, client, login_as
):
    response = client_for(role, client, login_as).get(reverse(name, kwargs=kwargs(world)))
    expected = {"anonymous": 302, "resident": 403, "member": 403}.get(role, 200)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", SUBMISSION_URLS)
def test_a_submission_is_seen_by_its_owner_instructors_and_staff_only(
    role, name, world, client, login_as
):
    url = reverse(name, kwargs={"submission_id": world["submission"].pk})
    response = client_for(role, client, login_as).get(url)
    expected = {"anonymous": 302, "resident": 404, "member": 404}.get(role, 200)
    assert response.status_code == expected
    owner_response = login_as(world["owner"]).get(url)
    assert owner_response.status_code == 200


def test_exports_have_the_right_types(world, login_as):
    client = login_as(world["owner"])
    pk = world["submission"].pk
    sr = client.get(reverse("exercise-export-sr", kwargs={"submission_id": pk}))
    assert sr["Content-Type"] == "application/dicom"
    assert "attachment" in sr["Content-Disposition"]
    assert sr.content[128:132] == b"DICM"
    fhir = client.get(reverse("exercise-export-fhir", kwargs={"submission_id": pk}))
    assert json.loads(fhir.content)["resourceType"] == "Bundle"
    pdf = client.get(reverse("exercise-export-pdf", kwargs={"submission_id": pk}))
    assert pdf.content.startswith(b"%PDF")


def test_the_graded_result_shows_score_and_feedback_for_every_field(world, login_as):
    client = login_as(world["owner"])
    body = client.get(
        reverse("exercise-submission", kwargs={"submission_id": world["submission"].pk})
    ).content.decode()
    assert "Passed" in body
    assert "Feedback for every field" in body
    assert "Right ICA stenosis grade" in body
    assert "Source: Grant EG et al., Radiology 2003" in body  # the published row it follows
    # The trainee reads the criterion in words; the engine's rule id is for teaching staff.
    assert "meets the criterion for" in body
    assert "sru-carotid-2003" not in body and "fired" not in body
    assert "Grader's detail" not in body
    teacher = login_as(instructor())
    staff_body = teacher.get(
        reverse("exercise-submission", kwargs={"submission_id": world["submission"].pk})
    ).content.decode()
    assert "Grader's detail (teaching staff only)" in staff_body
    assert "sru-carotid-2003/ica-grade" in staff_body


def test_before_the_deadline_the_trainee_never_receives_expected_values(
    django_capture_on_commit_callbacks, login_as
):
    exercise = make_exercise(
        feedback_timing=FeedbackTiming.AFTER_DEADLINE,
        feedback_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    case = exercise.cases.get()
    trainee = resident()
    values = perfect_report(exercise, case)
    expected_psv = values.pop("right_ica_psv")  # the trainee leaves it empty
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submit(user=trainee, exercise=exercise, case=case, values=values)
    assert Submission.objects.get(pk=submission.pk).status == "graded"
    client = login_as(trainee)
    for name in ("exercise-submission", "exercise-submission-status", "exercise-export-pdf"):
        response = client.get(reverse(name, kwargs={"submission_id": submission.pk}))
        assert response.status_code == 200
        if name != "exercise-export-pdf":
            body = response.content.decode()
            assert "Feedback and the expected answers appear after" in body
            assert f"{expected_psv:g}" not in body
            assert "Expected" not in body
    workspace = client.get(
        reverse("exercise-case", kwargs={"exercise_id": exercise.pk, "case_id": case.pk})
    ).content.decode()
    assert "sru-carotid-2003/" not in workspace  # no key rule text on the form page
    # The instructor sees everything at any time.
    teacher = login_as(instructor())
    body = teacher.get(
        reverse("exercise-submission", kwargs={"submission_id": submission.pk})
    ).content.decode()
    assert "Expected" in body


def test_the_transfer_endpoint_returns_measured_values_not_the_key(world, login_as):
    client = login_as(resident())
    url = reverse(
        "exercise-transfer",
        kwargs={"exercise_id": world["exercise"].pk, "case_id": world["case"].pk},
    )
    data = client.get(url).json()
    assert "right_ica_psv" in data["values"]
    assert "right_stenosis_grade" not in data["values"]  # derived by rules: never sent
    assert "impression" not in data["values"]
    assert all("kind" in n for n in data["notes"])


def test_transfer_without_javascript_fills_the_form_server_side(world, login_as):
    client = login_as(resident())
    url = reverse(
        "exercise-case", kwargs={"exercise_id": world["exercise"].pk, "case_id": world["case"].pk}
    )
    body = client.post(url, {"action": "transfer", "impression": "My words"}).content.decode()
    psv = world["case"].keys.get().transfer["values"]["right_ica_psv"]
    assert f'value="{psv:g}"' in body or f'value="{psv}"' in body
    assert "My words" in body
    assert "Measurements transferred" in body


def test_transfer_without_javascript_keeps_the_values_the_trainee_typed(world, login_as):
    # Enter in a field submits with the form's first button, the transfer button.
    client = login_as(resident())
    url = reverse(
        "exercise-case", kwargs={"exercise_id": world["exercise"].pk, "case_id": world["case"].pk}
    )
    body = client.post(url, {"action": "transfer", "right_ica_psv": "321"}).content.decode()
    psv = world["case"].keys.get().transfer["values"]["right_ica_psv"]
    assert 'value="321"' in body
    assert f'value="{psv:g}"' not in body


def test_the_form_is_built_from_the_template_with_labels_units_and_limits(world, login_as):
    client = login_as(resident())
    body = client.get(
        reverse(
            "exercise-case",
            kwargs={"exercise_id": world["exercise"].pk, "case_id": world["case"].pk},
        )
    ).content.decode()
    assert 'id="id_right_ica_psv"' in body
    assert 'min="0' in body and 'max="1000' in body and 'step="0.1"' in body
    assert 'id="id_right_ica_psv_units"' in body
    assert "<legend>" in body
    assert "Measurements in the structured report" in body
    assert 'scope="col"' in body
    assert "<script>" not in body and "style=" not in body


def test_an_out_of_range_value_is_a_linked_form_error_not_a_500(world, login_as):
    client = login_as(resident())
    url = reverse(
        "exercise-case", kwargs={"exercise_id": world["exercise"].pk, "case_id": world["case"].pk}
    )
    before = Submission.objects.count()
    response = client.post(url, {"action": "submit", "right_ica_psv": "5000"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_right_ica_psv_errors"' in body
    assert 'aria-invalid="true"' in body
    assert Submission.objects.count() == before


def test_save_draft_then_submit_through_the_form(
    world, login_as, django_capture_on_commit_callbacks
):
    trainee = resident()
    client = login_as(trainee)
    url = reverse(
        "exercise-case", kwargs={"exercise_id": world["exercise"].pk, "case_id": world["case"].pk}
    )
    assert client.post(url, {"action": "save", "right_ica_psv": "120"}).status_code == 302
    assert 'value="120' in client.get(url).content.decode()
    # Submit first asks (no attempt used, nothing graded), listing the empty fields.
    asked = client.post(url, {"action": "submit", "right_ica_psv": "120"})
    assert asked.status_code == 200
    assert "These graded fields are empty:" in asked.content.decode()
    assert not Submission.objects.filter(user=trainee).exclude(status="draft").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "confirm_submit", "right_ica_psv": "120"})
    assert response.status_code == 302
    submission = Submission.objects.get(user=trainee)
    assert submission.status == "graded"
    assert response["Location"] == reverse(
        "exercise-submission", kwargs={"submission_id": submission.pk}
    )


def test_derived_fields_are_shown_when_the_exercise_allows(world, login_as):
    client = login_as(resident())
    url = reverse(
        "exercise-case", kwargs={"exercise_id": world["exercise"].pk, "case_id": world["case"].pk}
    )
    body = client.post(
        url, {"action": "derive", "right_ica_psv": "240", "right_plaque": "narrowed_lumen"}
    ).content.decode()
    assert "What the rules derive from your values" in body
    # ICA PSV 240 cm/s is >= 70% (SRU 2003: > 230 cm/s), with the row's source.
    assert "≥70% stenosis, ICA PSV &gt; 230 cm/s" in body


def test_the_site_navigation_has_an_exercises_entry(client):
    assert reverse("exercises") == "/exercises/"
    assert 'href="/exercises/"' in client.get("/exercises/").content.decode()


def test_a_failed_grading_tells_the_trainee_only_what_is_true(world, client, login_as):
    # No one is notified of a failed grading, so the page must not say an instructor was.
    from courses.exercises.models import SubmissionStatus

    # As the grading task leaves a report whose grading raised (the world's is graded).
    Submission.objects.filter(pk=world["submission"].pk).update(
        status=SubmissionStatus.FAILED, error="RuntimeError: boom"
    )
    client = login_as(world["owner"])
    body = client.get(
        reverse("exercise-submission", kwargs={"submission_id": world["submission"].pk})
    ).content.decode()
    assert "Grading failed. Your report is kept." in body
    assert "has been told" not in body
