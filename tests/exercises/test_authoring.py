"""Building an exercise without engine ids: answer-key answers of each field's own type,
checked against the template and the rule set; the guided flow from "New exercise" to
publishing; the Wagtail edit form with choosers and a pass mark in percent."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from courses.exercises import services
from courses.exercises.models import AnswerKey, ExercisePage, SampleCase, Submission
from courses.exercises.services import authoring
from tests.exercises.factories import make_case, make_exercise
from tests.factories import instructor, resident

pytestmark = pytest.mark.django_db

# The Lung-RADS v2022 categories as the shipped template lists them (written out here,
# not read from the code under test).
LUNG_RADS = ["0", "1", "2", "3", "4A", "4B"]


def lung_exercise() -> tuple[ExercisePage, SampleCase, AnswerKey]:
    """A Lung-RADS exercise whose one case the engine does not grade 4B."""
    exercise = make_exercise(template="lung-nodule-lungrads", rules="lungrads-2022", kind="lung")
    for index in range(6):
        case = make_case("lung", index)
        exercise.cases.set([case])
        exercise.save()
        key = services.derive_key(exercise=exercise, case=case)
        if key.derived["fields"]["lungrads_category"]["expected"] != "4B":
            return exercise, case, key
    raise AssertionError("every generated lung case is 4B")


def grade(exercise, case, values, capture) -> dict:
    with capture(execute=True):
        submission = services.submit(user=resident(), exercise=exercise, case=case, values=values)
    submission = Submission.objects.get(pk=submission.pk)
    return {f["field"]: f for f in submission.result.feedback}


def test_an_impossible_category_override_is_refused_and_nothing_is_stored():
    exercise, case, key = lung_exercise()
    with pytest.raises(services.ExerciseError) as refused:
        services.set_key_override(
            answer_key=key, field_id="lungrads_category", spec={"expected": "9Z"}
        )
    assert "9Z" in refused.value.message
    for category in LUNG_RADS:
        assert category in refused.value.message, "the refusal lists the categories"
    with pytest.raises(authoring.KeyAnswersRefused) as through_form:
        authoring.set_key_answers(answer_key=key, answers={"lungrads_category": "9Z"})
    assert "lungrads_category" in through_form.value.errors
    assert AnswerKey.objects.get(pk=key.pk).overrides == {}


def test_a_4b_override_is_accepted_and_a_trainee_answering_4b_is_marked_right(
    django_capture_on_commit_callbacks,
):
    exercise, case, key = lung_exercise()
    engine_category = key.derived["fields"]["lungrads_category"]["expected"]
    authoring.set_key_answers(answer_key=key, answers={"lungrads_category": "4B"})
    assert AnswerKey.objects.get(pk=key.pk).overrides["lungrads_category"]["expected"] == "4B"

    right = grade(exercise, case, {"lungrads_category": "4B"}, django_capture_on_commit_callbacks)
    assert right["lungrads_category"]["correct"]
    assert right["lungrads_category"]["points"] == right["lungrads_category"]["possible"] > 0
    wrong = grade(
        exercise, case, {"lungrads_category": engine_category}, django_capture_on_commit_callbacks
    )
    assert not wrong["lungrads_category"]["correct"]
    assert wrong["lungrads_category"]["points"] == 0


@pytest.mark.parametrize(
    ("field_id", "value", "words"),
    [
        ("nodule_diameter_mm", "large", "number"),
        ("nodule_diameter_mm", 400.0, "300"),  # the template's maximum
        ("nodule_type", "ground glass", "part_solid"),
        ("suspected_infection", "yes", "ticked"),
        ("no_such_field", "1", "lungrads_category"),
    ],
)
def test_answers_that_do_not_fit_the_field_are_refused_with_what_fits(field_id, value, words):
    exercise, case, key = lung_exercise()
    with pytest.raises(services.ExerciseError) as refused:
        services.set_key_override(answer_key=key, field_id=field_id, spec={"expected": value})
    assert words in refused.value.message
    assert AnswerKey.objects.get(pk=key.pk).overrides == {}


def test_an_answer_equal_to_the_engines_is_no_override():
    exercise, case, key = lung_exercise()
    engine = key.derived["fields"]["lungrads_category"]["expected"]
    authoring.set_key_answers(answer_key=key, answers={"lungrads_category": "4B"})
    authoring.set_key_answers(answer_key=key, answers={"lungrads_category": engine})
    assert AnswerKey.objects.get(pk=key.pk).overrides == {}


def test_a_key_entered_by_hand_for_a_template_no_mapping_fills(
    django_capture_on_commit_callbacks,
):
    exercise = make_exercise(template="lung-nodule-lungrads", rules="", kind="lung")
    ExercisePage.objects.filter(pk=exercise.pk).update(mapping_id="")
    exercise = ExercisePage.objects.get(pk=exercise.pk)
    case = exercise.cases.get()
    key = services.derive_key(exercise=exercise, case=case)
    assert key.transfer["values"] == {}, "no mapping: nothing is transferred"
    authoring.set_key_answers(
        answer_key=key,
        answers={"nodule_type": "solid", "nodule_diameter_mm": 7.0, "lungrads_category": "3"},
    )
    fields = services.effective_key(answer_key=AnswerKey.objects.get(pk=key.pk))["fields"]
    assert fields["nodule_type"]["comparator"] == "coded"
    assert fields["nodule_diameter_mm"]["comparator"] == "number"
    feedback = grade(
        exercise,
        case,
        {"nodule_type": "solid", "nodule_diameter_mm": 7.0, "lungrads_category": "2"},
        django_capture_on_commit_callbacks,
    )
    assert feedback["nodule_type"]["correct"]
    assert feedback["nodule_diameter_mm"]["correct"]
    assert not feedback["lungrads_category"]["correct"]


def test_rubric_synonyms_are_accepted_for_their_own_option_only(
    django_capture_on_commit_callbacks,
):
    exercise, case, key = lung_exercise()
    authoring.set_key_answers(answer_key=key, answers={"nodule_margin": "smooth"})
    authoring.set_rubric(
        exercise=exercise,
        rubric={
            "nodule_margin": {"synonyms": {"smooth": ["lobulated"], "spiculated": ["lobulated"]}}
        },
        user=None,
    )
    exercise = ExercisePage.objects.get(pk=exercise.pk)
    answer = {"nodule_margin": "lobulated"}
    assert grade(exercise, case, answer, django_capture_on_commit_callbacks)["nodule_margin"][
        "correct"
    ]
    authoring.set_key_answers(answer_key=key, answers={"nodule_margin": "spiculated"})
    answer = {"nodule_margin": "smooth"}
    assert not grade(exercise, case, answer, django_capture_on_commit_callbacks)["nodule_margin"][
        "correct"
    ]


# --- The guided flow ----------------------------------------------------------------------


def test_the_guided_flow_builds_a_draft_and_publishes_only_at_the_end(login_as):
    services.ensure_shipped_template(template_id="carotid-duplex")
    client = login_as(instructor())
    home = client.get(reverse("exercise-manage"))
    assert reverse("exercise-new") in home.content.decode()
    page = client.get(reverse("exercise-new"))
    html = page.content.decode()
    assert "sru-carotid-2003" not in html or "derives right_stenosis_grade" in html
    assert "fills 14 fields" in html or "fills" in html
    from courses.exercises.models import ReportTemplate

    template = ReportTemplate.objects.get(slug="carotid-duplex")
    response = client.post(
        reverse("exercise-new"),
        {
            "title": "Carotid practice",
            "parent": authoring.LIBRARY,
            "report_template": template.pk,
            "mapping_id": "carotid-duplex",
            "rule_set_ids": ["sru-carotid-2003"],
            "pass_mark": "70",
            "attempts_allowed": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    exercise = ExercisePage.objects.get(title="Carotid practice")
    assert not exercise.live and exercise.get_latest_revision() is not None
    assert float(exercise.pass_mark) == pytest.approx(0.70)

    cases_url = reverse("exercise-author-cases", args=[exercise.pk])
    response = client.post(
        cases_url,
        {
            "action": "generate",
            "generate-kind": "carotid",
            "generate-count": "1",
            "generate-seed": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = exercise.cases.get()
    response = client.post(cases_url, {"action": "choose", "cases": [case.pk]})
    assert response.status_code == 302
    assert AnswerKey.objects.filter(exercise=exercise, case=case).exists()

    rubric_url = reverse("exercise-author-rubric", args=[exercise.pk])
    assert (
        "Right ICA" in client.get(rubric_url).content.decode()
        or "ica" in client.get(rubric_url).content.decode().lower()
    )
    response = client.post(
        rubric_url,
        {"weight__right_ica_psv": "2", "tolerance__right_ica_psv": "10"},
    )
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.rubric == {"right_ica_psv": {"weight": 2.0, "tolerance": {"abs": 10.0}}}

    key_url = reverse("exercise-key", args=[exercise.pk, case.pk])
    form_page = client.get(key_url).content.decode()
    assert 'name="right_stenosis_grade"' in form_page and "<select" in form_page
    bad = client.post(key_url, {"right_stenosis_grade": "severe-ish"})
    assert bad.status_code == 400
    key = AnswerKey.objects.get(exercise=exercise, case=case)
    assert key.overrides == {}
    engine = key.derived["fields"]["right_stenosis_grade"]["expected"]
    other = next(g for g in ("normal", "lt50", "50_69", "ge70") if g != engine)
    posted = {
        name: "" if value is None else value
        for name, value in {
            f: spec.get("expected")
            for f, spec in services.effective_key(answer_key=key)["fields"].items()
            if spec.get("comparator") != "keywords"
        }.items()
    }
    posted["right_stenosis_grade"] = other
    response = client.post(key_url, posted)
    assert response.status_code == 302, response.content.decode()[:3000]
    key.refresh_from_db()
    assert key.overrides == {"right_stenosis_grade": {"expected": other}}

    preview_url = reverse("exercise-author-preview", args=[exercise.pk])
    preview = client.get(preview_url).content.decode()
    assert reverse("exercise-preview", args=[exercise.pk, case.pk]) in preview
    assert "70%" in preview
    assert client.get(reverse("exercise-preview", args=[exercise.pk, case.pk])).status_code == 200
    exercise.refresh_from_db()
    assert not exercise.live
    response = client.post(preview_url)
    assert response.status_code == 302, response.content.decode()[:3000]
    exercise.refresh_from_db()
    assert exercise.live and exercise.cases.get() == case
    assert exercise.rubric["right_ica_psv"]["weight"] == 2.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"mapping_id": "lung"}, "carotid-duplex"),  # a mapping that does not exist: listed
        ({"mapping_id": "thyroid-nodule-tirads"}, "Mappings for this template: carotid-duplex"),
        ({"rule_set_ids": ["acr-tirads-2017"]}, "sru-carotid-2003"),
        ({"pass_mark": "170"}, "percentage from 0 to 100"),
        ({"pass_mark": "0.7"}, "whole percentage"),
        ({"report_template": "999999"}, "Carotid"),
        ({"parent": "123456"}, "Exercise library"),
    ],
)
def test_a_wrong_choice_is_a_clear_400_listing_what_exists_and_saves_nothing(
    change, message, login_as
):
    template = services.ensure_shipped_template(template_id="carotid-duplex")
    client = login_as(instructor())
    data = {
        "title": "Bad",
        "parent": authoring.LIBRARY,
        "report_template": template.pk,
        "mapping_id": "carotid-duplex",
        "rule_set_ids": ["sru-carotid-2003"],
        "pass_mark": "70",
        "attempts_allowed": "3",
        **change,
    }
    response = client.post(reverse("exercise-new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ExercisePage.objects.filter(title="Bad").exists()


def test_publishing_waits_for_cases_and_keys(login_as):
    template = services.ensure_shipped_template(template_id="carotid-duplex")
    user = instructor()
    exercise = authoring.create_exercise(
        user=user,
        parent_id=authoring.LIBRARY,
        title="Empty",
        report_template=template,
        mapping_id="carotid-duplex",
        rule_set_ids="sru-carotid-2003",
        pass_mark=Decimal("0.70"),
        attempts_allowed=3,
        homes=[],
    )
    response = login_as(user).post(reverse("exercise-author-preview", args=[exercise.pk]))
    assert response.status_code == 400
    assert "no cases" in response.content.decode()
    exercise.refresh_from_db()
    assert not exercise.live


# --- The Wagtail edit form -----------------------------------------------------------------


def test_the_wagtail_edit_form_has_choosers_and_a_percent_pass_mark(login_as):
    from tests.factories import staff

    exercise = make_exercise()
    client = login_as(staff())
    html = client.get(f"/admin/pages/{exercise.pk}/edit/").content.decode()
    assert re.search(r'type="radio" name="mapping_id" value="carotid-duplex"[^>]* checked', html)
    assert re.search(
        r'type="checkbox" name="rule_set_ids" value="sru-carotid-2003"[^>]* checked', html
    )
    assert re.search(r'name="pass_mark" value="70"', html)
    assert 'name="rubric"' not in html
    assert reverse("exercise-new") in html, "the admin menu has a New exercise item"
    assert "Mapping id (reporting/data/mappings" not in html

    form_class = ExercisePage.get_edit_handler().get_form_class()
    data = {
        "title": exercise.title,
        "slug": exercise.slug,
        "report_template": str(exercise.report_template_id),
        "mapping_id": "carotid-duplex",
        "rule_set_ids": ["sru-carotid-2003"],
        "pass_mark": "80",
        "attempts_allowed": "3",
        "feedback_timing": "immediate",
    }
    form = form_class(data, instance=exercise, for_user=staff(), parent_page=exercise.get_parent())
    assert form.is_valid(), form.errors
    saved = form.save(commit=False)
    assert float(saved.pass_mark) == pytest.approx(0.80)
    assert saved.rule_set_ids == "sru-carotid-2003"
    form = form_class(
        {**data, "mapping_id": "lung", "pass_mark": "70"},
        instance=exercise,
        for_user=staff(),
        parent_page=exercise.get_parent(),
    )
    assert not form.is_valid()
    assert "carotid-duplex" in str(form.errors["mapping_id"])
