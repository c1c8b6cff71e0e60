"""The bad input reported in issue 10: each case answers a 4xx with a message a person can
read (or an ``error`` for the JSON endpoints), and stores nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.webinars.models import ViewingProgress
from courses import services as course_services
from courses.exercises import services as exercise_services
from courses.exercises.models import AnswerKey
from courses.models import LessonProgress
from tests.courses.factories import build_course, lessons_of
from tests.exercises.factories import make_exercise
from tests.factories import instructor, member, resident
from tests.webinars import factories as webinar_factories

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::UserWarning")]

HOST = {"HTTP_HOST": "localhost"}
FOUR_HUNDRED_DIGITS = "9" * 400


def test_a_verification_code_with_a_nul_byte_is_refused_with_a_message(client):
    response = client.get("/certificates/verify/%00/")
    assert response.status_code == 400
    assert "character that is not allowed" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=-1", "year"),
        ("year=" + "9" * 30, "year"),
        ("domain=a%00", "not allowed"),
        ("speaker=" + "9" * 30, "speaker"),
    ],
    ids=["negative-year", "thirty-nines", "nul-domain", "huge-speaker"],
)
def test_the_recording_library_refuses_an_impossible_filter(client, query, message):
    webinar_factories.recording(access="public")
    response = client.get(f"/webinars/?{query}", **HOST)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html.lower()
    assert 'role="alert"' in html  # said to the visitor, not just a bare status


@pytest.mark.parametrize(
    "body",
    [
        f'{{"position": {FOUR_HUNDRED_DIGITS}}}',
        f'{{"position": 10, "duration": {FOUR_HUNDRED_DIGITS}}}',
        f'{{"position": -{FOUR_HUNDRED_DIGITS}}}',
    ],
    ids=["position", "duration", "negative"],
)
def test_a_400_digit_webinar_position_or_duration_is_a_400(client, login_as, body):
    recording = webinar_factories.recording(access="members")
    login_as(member())
    url = reverse("webinars-progress", args=[recording.pk])
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert "seconds" in response.json()["error"]
    assert not ViewingProgress.objects.exists()


@pytest.fixture
def enrolled_lesson(client, login_as):
    user, course = resident(), build_course()
    course_services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    return reverse("lesson-video-progress", args=[lesson.id])


@pytest.mark.parametrize(
    "body",
    [
        f'{{"media_id": 1, "fraction": {FOUR_HUNDRED_DIGITS}}}',
        '{"media_id": 1e400, "fraction": 0.5}',
        f'{{"media_id": {FOUR_HUNDRED_DIGITS}, "fraction": 0.5}}',
        '{"media_id": 1, "fraction": 1e400}',
    ],
    ids=["400-digit-fraction", "media-id-1e400", "400-digit-media-id", "fraction-1e400"],
)
def test_an_impossible_video_progress_number_is_a_400(client, enrolled_lesson, body):
    response = client.post(enrolled_lesson, body, content_type="application/json", **HOST)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not LessonProgress.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("right_ica_psv", "x", "Enter a number"),
        ("right_ica_psv", "7" * 5000, "Enter a number"),
        ("right_ica_psv", "NaN", "Enter a number"),
        ("right_stenosis_grade", "9Z", "9Z"),
        ("right_plaque", "<script>", "valid choice"),
    ],
    ids=["number-x", "5000-digit-number", "nan", "impossible-grade", "not-an-option"],
)
def test_an_impossible_answer_key_answer_is_a_form_error(client, login_as, field, value, message):
    exercise = make_exercise()
    case = exercise.cases.get()
    login_as(instructor())
    url = reverse("exercise-key", kwargs={"exercise_id": exercise.pk, "case_id": case.pk})
    exercise_services.ensure_key(exercise=exercise, case=case)  # the key being overridden
    before = AnswerKey.objects.get(exercise=exercise, case=case).overrides
    response = client.post(url, {field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "field__errors" in html and message in html
    assert AnswerKey.objects.get(exercise=exercise, case=case).overrides == before
