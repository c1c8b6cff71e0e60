"""A trainee reports a carotid case in a real browser and reads the graded feedback."""

import pytest

from courses.exercises import services
from courses.exercises.models import Submission
from tests.exercises.factories import make_exercise
from tests.factories import TEST_PASSWORD, resident

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_trainee_transfers_grades_submits_and_reads_the_feedback(page, live_server):
    exercise = make_exercise(title="Carotid stenosis from duplex SR")
    case = exercise.cases.get()
    key = services.ensure_key(exercise=exercise, case=case)
    expected = key.derived["fields"]
    trainee = resident()

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(trainee.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto("/exercises/")
    page.get_by_role("link", name="Carotid stenosis from duplex SR").click()
    page.get_by_role("link", name=f"Open {case.title}").click()

    page.get_by_role("button", name="Transfer measurements").click()
    status = page.locator("#transfer-status")
    status.get_by_text("Transferred").wait_for()
    psv = page.locator("#id_right_ica_psv").input_value()
    assert float(psv) == pytest.approx(expected["right_ica_psv"]["expected"])

    for side in ("right", "left"):
        page.locator(f"#id_{side}_stenosis_grade").select_option(
            expected[f"{side}_stenosis_grade"]["expected"]
        )
        plaque = expected.get(f"{side}_plaque", {}).get("expected")
        if plaque:
            page.locator(f"#id_{side}_plaque").select_option(plaque)
    page.locator("#id_impression").fill(expected["impression"]["expected"])
    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("dialog", name="Submit attempt 1 for grading?").get_by_role(
        "button", name="Submit now"
    ).click()

    page.get_by_role("table", name="Feedback for every field").wait_for()
    assert page.get_by_text("Passed").first.is_visible()
    assert page.get_by_text("Source: Grant EG et al., Radiology 2003").first.is_visible()
    assert Submission.objects.get(user=trainee).status == "graded"


def test_enter_in_a_report_field_saves_the_draft_and_keeps_the_typed_value(page, live_server):
    exercise = make_exercise(title="Carotid Enter key")
    case = exercise.cases.get()
    trainee = resident()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(trainee.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/profile/")

    page.goto(f"/exercises/{exercise.pk}/cases/{case.pk}/")
    field = page.locator("#id_right_ica_psv")
    field.fill("321")
    field.press("Enter")
    page.get_by_text("Draft saved.").wait_for()
    assert float(page.locator("#id_right_ica_psv").input_value()) == 321
    assert Submission.objects.get(user=trainee).values["right_ica_psv"] == 321
