"""The reporting workstation without JavaScript: transfer asks before replacing typed
values, a derived value is applied with one click, submit asks first and lists the empty
graded fields, and the autosave endpoint keeps drafts (and says when the session is gone)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.exercises import services
from courses.exercises.models import Submission
from tests.exercises.factories import make_exercise
from tests.factories import resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(login_as):
    exercise = make_exercise()
    case = exercise.cases.get()
    trainee = resident()
    client = login_as(trainee)
    kwargs = {"exercise_id": exercise.pk, "case_id": case.pk}
    return {
        "exercise": exercise,
        "case": case,
        "trainee": trainee,
        "client": client,
        "url": reverse("exercise-case", kwargs=kwargs),
        "autosave": reverse("exercise-autosave", kwargs=kwargs),
        "moved": services.case_transfer(exercise=exercise, case=case)["values"],
    }


def test_the_measurement_table_names_code_scheme_side_and_vessel(desk):
    body = desk["client"].get(desk["url"]).content.decode()
    assert "<code>11726-7 (LN)</code>" in body  # peak systolic velocity, LOINC
    assert "Right, Internal Carotid Artery" in body
    assert "Right, Common Carotid Artery" in body
    assert "(LN)</td>" not in body


def test_transfer_keeps_a_typed_value_that_differs_and_asks_about_it(desk):
    psv = desk["moved"]["right_ica_psv"]
    body = (
        desk["client"]
        .post(desk["url"], {"action": "transfer", "right_ica_psv": "321"})
        .content.decode()
    )
    assert 'value="321"' in body
    assert "Some fields already hold values you typed that differ from the case" in body
    assert f"replace your 321 cm/s with the case's {psv:g} cm/s" in body
    assert 'name="overwrite" value="right_ica_psv"' in body
    # The other measurements were empty: they are filled.
    assert f'value="{desk["moved"]["left_ica_psv"]:g}"' in body


def test_transfer_replaces_a_typed_value_only_where_the_trainee_ticks_it(desk):
    psv = desk["moved"]["right_ica_psv"]
    body = (
        desk["client"]
        .post(
            desk["url"],
            {"action": "transfer", "right_ica_psv": "321", "overwrite": ["right_ica_psv"]},
        )
        .content.decode()
    )
    assert f'value="{psv:g}"' in body and 'value="321"' not in body
    assert "Some fields already hold values you typed" not in body


def test_a_derived_grade_is_applied_with_one_click(desk):
    posted = {"right_ica_psv": "250", "right_plaque": "narrowed_lumen"}
    body = desk["client"].get(desk["url"]).content.decode()
    assert "What the rules derive from your values" in body
    body = desk["client"].post(desk["url"], {**posted, "action": "derive"}).content.decode()
    assert "Apply ≥70% to near occlusion" in body
    assert 'name="apply" value="right_stenosis_grade"' in body
    body = desk["client"].post(desk["url"], {**posted, "apply": "right_stenosis_grade"})
    body = body.content.decode()
    assert '<option value="ge70" selected>' in body
    assert "Applied the derived value" in body


def test_an_empty_report_is_not_graded_and_uses_no_attempt_until_confirmed(desk):
    response = desk["client"].post(desk["url"], {"action": "submit"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Submit attempt 1 for grading?" in body
    assert "These graded fields are empty:" in body
    assert '<a href="#id_right_ica_psv">Right ICA peak systolic velocity</a>' in body
    assert '<a href="#id_impression">Impression</a>' in body
    assert 'value="confirm_submit"' in body
    assert not Submission.objects.exclude(status="draft").exists()
    assert (
        services.next_attempt(user=desk["trainee"], exercise=desk["exercise"], case=desk["case"])
        == 1
    )


def test_the_workspace_tells_the_script_which_fields_are_graded(desk):
    body = desk["client"].get(desk["url"]).content.decode()
    assert 'data-graded-fields="' in body
    graded = body.split('data-graded-fields="', 1)[1].split('"', 1)[0].split()
    assert "right_ica_psv" in graded and "impression" in graded
    assert "clinical_info" not in graded  # optional free text


def test_autosave_keeps_the_draft_and_answers_with_the_derived_grade(desk):
    response = desk["client"].post(
        desk["autosave"], {"right_ica_psv": "250", "right_plaque": "narrowed_lumen"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["saved"] is True
    assert "Apply ≥70% to near occlusion" in data["derived_html"]
    draft = Submission.objects.get(user=desk["trainee"], status="draft")
    assert draft.values == {"right_ica_psv": 250.0, "right_plaque": "narrowed_lumen"}


def test_autosave_refuses_bad_values_with_the_field_and_saves_nothing(desk):
    response = desk["client"].post(desk["autosave"], {"right_ica_psv": "5000"})
    assert response.status_code == 400
    assert "right_ica_psv" in response.json()["errors"]
    assert not Submission.objects.exists()


def test_autosave_after_the_session_expired_is_a_401_not_a_sign_in_page(desk):
    desk["client"].logout()
    response = desk["client"].post(desk["autosave"], {"right_ica_psv": "250"})
    assert response.status_code == 401
    assert "session has expired" in response.json()["error"]
    assert not Submission.objects.exists()
