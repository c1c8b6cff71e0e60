"""What trainees and members type: the exercise workspace, a lesson quiz, the webinar
progress endpoint, questions to the experts, account deletion and site search. Random
input never gives a 5xx, and text that is stored comes back escaped."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from config.inputs import CONTROL_CHARACTERS
from content.webinars.models import Question as WebinarQuestion
from content.webinars.models import ViewingProgress
from courses import services as course_services
from courses.exercises.models import Submission
from courses.models import QuizAttempt
from members.models import User
from tests.courses.factories import build_course, lessons_of, make_question
from tests.exercises.factories import make_exercise
from tests.factories import TEST_PASSWORD, member, resident
from tests.robustness.conftest import (
    SCRIPT_MARKER,
    assert_no_raw_marker,
    assert_not_server_error,
    bounded,
)
from tests.webinars import factories as webinar_factories

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::UserWarning")]

HOST = {"HTTP_HOST": "localhost"}
NASTY = [
    "",
    " ",
    SCRIPT_MARKER,
    "\"><img src=x onerror=alert('xss-robust')>",
    "NaN",
    "-inf",
    "1e309",
    "1e-400",
    "0x10",
    "١٢٣",  # Arabic-Indic digits
    "12,5",
    "\u202e",
    "\ufeff",
    "x" * 5000,
    "'; DROP TABLE exercises_submission; --",
    "{{ 7*7 }}",
    "{% debug %}",
]


def form_value():
    """One posted value: random text (NUL included), a number, a choice or a nasty string."""
    return st.one_of(
        st.text(max_size=40),
        st.sampled_from(NASTY),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.sampled_from(["normal", "lt50", "50_69", "ge70", "near_occlusion", "occlusion"]),
    )


def form_data(field_ids: list[str]):
    """Some of the template's fields (maybe none), each a value or a list of values,
    plus unknown fields."""
    known = st.dictionaries(
        st.sampled_from(field_ids), form_value() | st.lists(form_value(), max_size=3), max_size=8
    )
    unknown = st.dictionaries(
        st.text(min_size=1, max_size=10).filter(lambda k: k not in field_ids),
        form_value(),
        max_size=3,
    )
    return st.tuples(known, unknown).map(lambda kv: {**kv[1], **kv[0]})


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
    action=st.sampled_from(["save", "submit", "transfer", "derive", "", "explode"]) | st.text(),
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

    submitted = client.post(workspace["url"], {"impression": text, "action": "submit"})
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


# --- Webinar progress -------------------------------------------------------------------


@pytest.fixture
def recording_client(client, login_as):
    recording = webinar_factories.recording(access="members")
    return login_as(member()), reverse("webinars-progress", args=[recording.pk])


def json_values():
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


@st.composite
def progress_body(draw) -> tuple[bytes, str]:
    kind = draw(st.sampled_from(["valid", "valid", "object", "json", "bytes", "form", "big"]))
    if kind == "valid":
        seconds = st.floats(0, 24 * 3600) | st.integers(0, 24 * 3600)
        obj = {"position": draw(seconds), "duration": draw(st.none() | seconds)}
        return json.dumps(obj).encode(), "application/json"
    if kind == "object":
        obj = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "position": json_values() | st.sampled_from(["NaN", "Infinity", "1e400"]),
                    "duration": json_values(),
                },
            )
        )
        return json.dumps(obj).encode(), "application/json"
    if kind == "json":
        return json.dumps(draw(json_values())).encode(), "application/json"
    if kind == "bytes":
        content_type = draw(st.sampled_from(["application/json", "text/plain", "", "x/y"]))
        return draw(st.binary(max_size=300)), content_type
    if kind == "form":
        position = draw(form_value())
        return f"position={position}&duration=1e999".encode(), "application/x-www-form-urlencoded"
    return b'{"position": 1, "pad": "' + b"x" * 3000 + b'"}', "application/json"


@bounded(60)
@given(body=progress_body())
def test_progress_endpoint_answers_4xx_or_200(recording_client, body):
    client, url = recording_client
    data, content_type = body
    response = client.post(url, data, content_type=content_type)
    assert_not_server_error(response)
    event(f"status {response.status_code}")
    assert response.status_code in (200, 400, 413)
    assert "error" in response.json() or response.status_code == 200
    for row in ViewingProgress.objects.all():
        assert 0 <= row.position_seconds <= 24 * 3600
        assert 0 <= row.max_fraction <= 1


def test_progress_nan_and_infinity_literals_are_refused(recording_client):
    client, url = recording_client
    for raw in (b'{"position": NaN}', b'{"position": Infinity}', b'{"position": 1e400}'):
        response = client.post(url, raw, content_type="application/json")
        assert response.status_code == 400, raw
    assert not ViewingProgress.objects.exists()


# --- Questions to the experts -----------------------------------------------------------


@pytest.fixture
def asking(client, login_as):
    webinar = webinar_factories.webinar(access="public")
    asker = member()
    return {
        "client": login_as(asker),
        "asker": asker,
        "webinar": webinar,
        "url": reverse("webinars-ask", args=[webinar.pk]),
    }


@bounded(50)
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.sampled_from(NASTY),
        st.text(max_size=50).map(lambda t: f"{t}{SCRIPT_MARKER}{t}"),
        st.integers(990, 1010).map(lambda n: "q" * n),
    ),
    next_url=st.none() | st.sampled_from(["//evil.example/", "javascript:alert(1)", "/ok/"]),
)
def test_asking_any_text_is_stored_and_shown_escaped(asking, text, next_url):
    WebinarQuestion.objects.filter(author=asking["asker"]).delete()  # stay under the rate limit
    payload = {"text": text} if next_url is None else {"text": text, "next": next_url}
    response = asking["client"].post(asking["url"], payload)
    assert_not_server_error(response)
    event(f"status {response.status_code}")
    if response.status_code == 302:
        assert not response["Location"].startswith(("//evil", "javascript:"))
        stored = WebinarQuestion.objects.get(author=asking["asker"])
        assert "\x00" not in stored.text
        html = asking["client"].get(asking["webinar"].url).content.decode()
        assert_no_raw_marker(html)
        if SCRIPT_MARKER in text:
            assert "&lt;script&gt;alert(&#x27;xss-robust&#x27;)&lt;/script&gt;" in html
    else:
        assert response.status_code == 400
        assert not WebinarQuestion.objects.filter(author=asking["asker"]).exists()


def test_a_question_with_a_nul_character_is_refused(asking):
    response = asking["client"].post(asking["url"], {"text": "What about \x00 bytes?"})
    assert response.status_code == 400
    assert not WebinarQuestion.objects.exists()


def test_a_very_long_question_is_refused_with_a_message(asking):
    response = asking["client"].post(asking["url"], {"text": "Why? " * 50_000})
    assert response.status_code == 400
    assert "too long" in response.content.decode()


# --- Account deletion -------------------------------------------------------------------


@bounded(40)
@given(
    password=st.one_of(st.just(TEST_PASSWORD), st.text(max_size=30), st.sampled_from(NASTY)),
    confirmation=st.sampled_from(["DELETE", " DELETE ", "delete", "DELETE\x00"])
    | st.text(max_size=30),
)
def test_account_deletion_form_never_fails_and_deletes_only_when_confirmed(
    client, login_as, password, confirmation
):
    user = resident()  # a fresh account for every example (a deletion may go through)
    login_as(user)
    response = client.post(
        reverse("members:delete_my_account"), {"password": password, "confirmation": confirmation}
    )
    assert_not_server_error(response)
    should_delete = password == TEST_PASSWORD and confirmation.strip() == "DELETE"
    event(f"status {response.status_code}")
    if should_delete:
        assert response.status_code == 302
        erased = User.objects.get(pk=user.pk)
        assert not erased.is_active and erased.email != user.email
    else:
        assert response.status_code == 400
        kept = User.objects.get(pk=user.pk)
        assert kept.is_active and kept.email == user.email
        assert_no_raw_marker(response.content.decode())
    client.logout()


# --- Site search ------------------------------------------------------------------------


@pytest.fixture
def searchable():
    recording = webinar_factories.recording(access="public", title="DICOMweb in practice")
    return recording


@bounded(60)
@given(
    query=st.one_of(
        st.text(max_size=60),
        st.sampled_from(NASTY + ['"', "'", "*", "OR", "AND NOT", "(", ")", "-", "NEAR(", "^"]),
        st.lists(st.sampled_from(['"', "*", "QIDO", "AND", "(", "-", ":", "OR"]), max_size=8).map(
            " ".join
        ),
        st.just("x" * 1000),
    ),
    page=st.none() | st.text(max_size=5) | st.integers().map(str),
)
def test_search_never_fails_and_echoes_the_query_escaped(client, searchable, query, page):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get("/search/", params, **HOST)
    assert_not_server_error(response)
    event(f"status {response.status_code}")
    if CONTROL_CHARACTERS.search(query + (page or "")):
        # No link of the site carries a control character: refused with a message.
        assert response.status_code == 400
        assert "not allowed" in response.content.decode()
        return
    assert response.status_code == 200
    assert_no_raw_marker(response.content.decode())
