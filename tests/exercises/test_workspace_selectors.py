"""The workstation's selectors and service, called as the views call them."""

from __future__ import annotations

import pytest

from courses.exercises import services, workspace_selectors
from courses.exercises.models import ExercisePage, Submission
from courses.exercises.services.workspace import workspace_action
from tests.exercises.factories import make_case, make_exercise
from tests.factories import resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def severe():
    """The generator's case 4 (seed 11): right ICA 231 cm/s, left 286.9 cm/s, plaque
    narrowing the lumen on both sides (SRU 2003: >= 70% on both)."""
    exercise = make_exercise()
    exercise.cases.set([make_case("carotid", 4)])
    exercise.save_revision().publish()
    exercise = ExercisePage.objects.get(pk=exercise.pk)
    return exercise, exercise.cases.get()


def test_transfer_fills_empty_fields_and_lists_the_typed_ones_that_differ(severe):
    exercise, _ = severe
    merged = workspace_selectors.transfer_merge(
        exercise=exercise,
        transferred={"right_ica_psv": 231.0, "left_ica_psv": 286.9, "right_plaque": "plaque"},
        typed={"right_ica_psv": 321.0, "right_plaque": "plaque"},
    )
    assert merged["values"] == {
        "right_ica_psv": 321.0,
        "left_ica_psv": 286.9,
        "right_plaque": "plaque",
    }
    assert merged["filled"] == 1
    assert merged["conflicts"] == [
        {
            "field": "right_ica_psv",
            "label": "Right ICA peak systolic velocity",
            "typed": "321 cm/s",
            "case": "231 cm/s",
        }
    ]
    replaced = workspace_selectors.transfer_merge(
        exercise=exercise,
        transferred={"right_ica_psv": 231.0},
        typed={"right_ica_psv": 321.0},
        overwrite={"right_ica_psv"},
    )
    assert replaced["values"] == {"right_ica_psv": 231.0} and replaced["conflicts"] == []


def test_derived_rows_name_the_grade_the_criterion_and_the_source(severe):
    exercise, _ = severe
    rows = {
        r["field"]: r
        for r in workspace_selectors.derived_rows(
            exercise=exercise, values={"left_ica_psv": 286.9, "left_plaque": "narrowed_lumen"}
        )
    }
    left = rows["left_stenosis_grade"]
    assert left["value"] == "ge70" and left["value_label"] == "≥70% to near occlusion"
    assert left["why"] == (
        "Your left ICA peak systolic velocity of 286.9 cm/s meets the criterion for "
        "“≥70% to near occlusion” (ICA PSV > 230 cm/s)."
    )
    assert left["source"].startswith("Grant EG et al., Radiology 2003;229:340–346")
    assert rows["right_stenosis_grade"]["value"] is None  # nothing typed on the right


def test_graded_fields_are_the_same_whatever_the_case_holds(severe):
    exercise, case = severe
    other = make_exercise()
    assert workspace_selectors.graded_fields(exercise=exercise, case=case) == (
        workspace_selectors.graded_fields(exercise=other, case=other.cases.get())
    )
    graded = workspace_selectors.graded_fields(exercise=exercise, case=case)
    assert "left_stenosis_grade" in graded and "clinical_info" not in graded


def test_submit_asks_first_and_uses_no_attempt(severe):
    exercise, case = severe
    trainee = resident()
    outcome = workspace_action(
        user=trainee, exercise=exercise, case=case, action="submit", values={"left_ica_psv": 286.9}
    )
    assert outcome.step == "confirm" and outcome.submission is None
    empty = [f["field"] for f in outcome.empty_fields]
    assert "right_ica_psv" in empty and "left_ica_psv" not in empty
    assert list(Submission.objects.values_list("status", flat=True)) == ["draft"]


def test_apply_without_a_derivable_value_is_a_structured_refusal(severe):
    exercise, case = severe
    with pytest.raises(services.ExerciseError) as refused:
        workspace_action(
            user=resident(),
            exercise=exercise,
            case=case,
            action="apply",
            values={},
            apply_field="right_stenosis_grade",
        )
    assert refused.value.field == "right_stenosis_grade"
