"""What trainees type: the exercise workspace and a lesson quiz. Random input never gives a
5xx, and text that is stored comes back escaped (members' and visitors' inputs:
``test_member_inputs.py``)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from courses import services as course_services
from courses.exercises.models import Submission
from courses.models import QuizAttempt
from tests.courses.factories import build_course, lessons_of, make_question
from tests.exercises.factories import make_exercise
from tests.factories import resident
from tests.robustness.conftest import (
    SCRIPT_MARKER,
    assert_no_raw_marker,
    assert_not_server_error,
    bounded,
)
from tests.robustness.inputs import form_data, form_value

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::UserWarning")]

HOST = {"HTTP_HOST": "localhost"}


# --- Exercise workspace -----------------------------------------------------------------


@pytest.fixture
def workspace():
    exercise = make_exercise(attempts_allowed=0)
    case = exercise.cases.get()
    trainee = resident()
    url = reverse("exercise-case", kwargs={"exercise_id": exercise.pk, "case_id": case.pk})
    fields = [f["id"] for f in exercise.report_template.parsed["fields"]]
    return {"exercise": exercise, "case": case, "trainee": trainee, "url": url, "fields": fields}


CAROTID_FIELDS = [
    "clinical_info",
    "right_cca_psv",
    "right_ica_psv",
    "right_ica_edv",
    "right_ica_cca_ratio",
    "right_plaque",
    "right_stenosis_grade",
    "left_ica_psv",
    "left_stenosis_grade",
    "impression",
]


@bounded(60)
@given(
    data=form_data(CAROTID_FIELDS),
    action=st.sampled_from(
        ["save", "submit", "confirm_submit", "transfer", "derive", "apply", "", "explode"]
    )
    | st.text(),
)
def test_workspace_survives_any_form_input(client, login_as, workspace, data, action):
    client = login_as(workspace["trainee"])
    before = Submission.objects.count()
    response = client.post(workspace["url"], {**data, "action": action})
    assert_not_server_error(response)
    event(
        f"{action if action in ('save', 'submit', 'transfer', 'derive') else 'other'}: "
        f"{response.status_code}"
    )
    if response.status_code == 302:
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert_no_raw_marker(page.content.decode())
    else:
        assert response.status_code in (200, 400)
        assert_no_raw_marker(response.content.decode())
        if response.status_code == 400:
            assert Submission.objects.count() == before, "an invalid report is not stored"
            assert "form__errors" in response.content.decode()


def test_stored_report_text_comes_back_escaped(client, login_as, workspace):
    client = login_as(workspace["trainee"])
    text = f"Stenosis {SCRIPT_MARKER} and \"><img src=x onerror=alert('xss-robust')>"
    saved = client.post(
        workspace["url"], {"impression": text, "clinical_info": text, "action": "save"}
    )
    assert saved.status_code == 302
    html = client.get(workspace["url"]).content.decode()
    assert "&lt;script&gt;alert(&#x27;xss-robust&#x27;)&lt;/script&gt;" in html
    assert_no_raw_marker(html)
    assert "<img src=x" not in html

    submitted = client.post(workspace["url"], {"impression": text, "action": "confirm_submit"})
    assert submitted.status_code == 302
    result = client.get(submitted["Location"]).content.decode()
    assert_no_raw_marker(result)
    assert "<img src=x" not in result


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"impression": "a\x00b", "action": "save"}, "Null characters are not allowed"),
        ({"right_ica_psv": "NaN", "action": "save"}, "Enter a number"),
        ({"right_ica_psv": "1e309", "action": "save"}, "Enter a number"),
        ({"right_stenosis_grade": "gt99", "action": "submit"}, "Select a valid choice"),
        ({"impression": "x" * 4001, "action": "submit"}, "at most 4000 characters"),
    ],
    ids=["nul", "nan", "overflow", "unknown-choice", "too-long"],
)
def test_named_bad_report_values_are_field_errors(client, login_as, workspace, data, message):
    client = login_as(workspace["trainee"])
    response = client.post(workspace["url"], data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Submission.objects.exists()


def test_thyroid_workspace_with_multiple_choice_survives_lists(client, login_as):
    exercise = make_exercise(
        template="thyroid-nodule-tirads", rules="acr-tirads-2017", kind="thyroid"
    )
    case = exercise.cases.get()
    client = login_as(resident())
    url = reverse("exercise-case", kwargs={"exercise_id": exercise.pk, "case_id": case.pk})
    for data in (
        {"echogenic_foci": ["none", "punctate", "bogus"], "action": "save"},
        {"echogenic_foci": "punctate", "nodule_size_mm": "-5", "action": "derive"},
        {"echogenic_foci": [SCRIPT_MARKER], "nodule_size_mm": "9" * 400, "action": "submit"},
        {"tirads_points": "3.5", "action": "transfer"},
    ):
        response = client.post(url, data)
        assert_not_server_error(response)
        assert_no_raw_marker(response.content.decode())


# --- Lesson quiz ------------------------------------------------------------------------


@pytest.fixture
def quiz():
    questions = [make_question(), make_question(multiple=True)]
    course = build_course(quiz_questions=questions)
    learner = resident()
    course_services.enrol(user=learner, course=course)
    lesson = lessons_of(course)[0]
    block_id = next(b.id for b in lesson.body if b.block_type == "quiz")
    choice_ids = [c.id for q in questions for c in q.choices.all()]
    return {
        "learner": learner,
        "url": reverse("lesson-quiz", args=[lesson.id, block_id]),
        "keys": [f"q{q.id}" for q in questions],
        "choices": choice_ids,
    }


@bounded(50)
@given(data=st.data())
def test_quiz_submission_survives_any_answers(client, login_as, quiz, data):
    client = login_as(quiz["learner"])
    real = st.sampled_from(quiz["choices"]).map(str)
    value = st.one_of(real, real, real, form_value())
    answers = data.draw(
        st.dictionaries(
            st.one_of(*[st.just(k) for k in quiz["keys"]] * 2, st.text(max_size=6)),
            value | st.lists(value, max_size=4),
            max_size=4,
        )
    )
    before = QuizAttempt.objects.count()
    response = client.post(quiz["url"], answers, **HOST)
    assert_not_server_error(response)
    event(f"status {response.status_code}")
    if response.status_code == 302:
        assert QuizAttempt.objects.count() == before + 1
        assert client.get(response["Location"], **HOST).status_code == 200
    else:
        assert response.status_code == 400
        assert QuizAttempt.objects.count() == before
        assert_no_raw_marker(response.content.decode())
