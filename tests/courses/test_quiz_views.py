"""Quizzes and practice exams through the site: no answer leaks before submission, feedback
with explanations, bad input is a clear 4xx, retries, and nobody sees another's attempt."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import LessonProgress, QuizAttempt
from tests.courses.factories import (
    all_domains,
    build_course,
    lessons_of,
    make_question,
)
from tests.courses.pages import quiz_block_id
from tests.factories import resident

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}


# --- Quizzes ----------------------------------------------------------------------------


def test_lesson_page_never_reveals_correct_answers_before_submission(client, login_as):
    user = resident()
    q = make_question(stem="Which service searches?")
    course = build_course(quiz_questions=[q])
    services.enrol(user=user, course=course)
    login_as(user)
    page = client.get(lessons_of(course)[0].url, **HOST).content.decode()
    assert "Which service searches?" in page
    assert q.explanation not in page
    for word in ("is_correct", "correct answer", "data-correct", "Correct."):
        assert word not in page
    # Every choice is rendered the same way, right or wrong.
    right = next(c for c in q.choices.all() if c.is_correct)
    wrong = next(c for c in q.choices.all() if not c.is_correct)
    assert f'name="q{q.id}" id="q{q.id}-c{right.id}" value="{right.id}">' in page
    assert f'name="q{q.id}" id="q{q.id}-c{wrong.id}" value="{wrong.id}">' in page


def test_quiz_submission_shows_feedback_with_explanations(client, login_as):
    user = resident()
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    right = next(c.id for c in q.choices.all() if c.is_correct)
    response = client.post(
        reverse("lesson-quiz", args=[lesson.id, quiz_block_id(lesson)]),
        {f"q{q.id}": [right]},
        **HOST,
    )
    assert response.status_code == 302
    feedback = client.get(response["Location"], **HOST).content.decode()
    assert "You scored 100%" in feedback and q.explanation in feedback
    assert LessonProgress.objects.get(user=user, lesson=lesson).completed_at is not None


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [({}, 400, "Answer at least one question"), ({"q1": "x"}, 400, "Answer at least one")],
)
def test_quiz_bad_input_is_a_clear_4xx(client, login_as, data, status, message):
    user = resident()
    course = build_course(quiz_questions=[make_question()])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    response = client.post(
        reverse("lesson-quiz", args=[lesson.id, quiz_block_id(lesson)]), data, **HOST
    )
    assert response.status_code == status and message in response.content.decode()
    unknown = client.post(reverse("lesson-quiz", args=[lesson.id, "no-such-block"]), **HOST)
    assert unknown.status_code == 400
    assert "not on this lesson" in unknown.content.decode()


def test_a_lesson_that_completes_by_quiz_offers_no_mark_as_read(client, login_as):
    user = resident()
    course = build_course(quiz_questions=[make_question()])
    services.enrol(user=user, course=course)
    quiz_lesson, read_lesson = lessons_of(course)[:2]
    login_as(user)
    quiz_page = client.get(quiz_lesson.url, **HOST).content.decode()
    assert "Mark as read" not in quiz_page
    assert "Pass the quiz above to complete this lesson." in quiz_page
    assert "Mark as read" in client.get(read_lesson.url, **HOST).content.decode()


def test_an_empty_quiz_submit_returns_to_the_lesson_with_the_message(client, login_as):
    user = resident()
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    response = client.post(
        reverse("lesson-quiz", args=[lesson.id, quiz_block_id(lesson)]), {}, **HOST
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Answer at least one question before submitting." in page
    # The lesson itself, with its quiz form to answer, not a dead end.
    assert lesson.title in page and q.stem in page
    assert reverse("lesson-quiz", args=[lesson.id, quiz_block_id(lesson)]) in page
    assert not QuizAttempt.objects.filter(user=user).exists()


def test_a_failed_quiz_offers_try_again_back_to_the_quiz(client, login_as):
    user = resident()
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    block_id = quiz_block_id(lesson)
    wrong = next(c.id for c in q.choices.all() if not c.is_correct)
    failed = client.post(
        reverse("lesson-quiz", args=[lesson.id, block_id]), {f"q{q.id}": [wrong]}, **HOST
    )
    feedback = client.get(failed["Location"], **HOST).content.decode()
    assert "Try again" in feedback
    assert f'href="{lesson.url}#quiz-{block_id}-h"' in feedback
    right = next(c.id for c in q.choices.all() if c.is_correct)
    passed = client.post(
        reverse("lesson-quiz", args=[lesson.id, block_id]), {f"q{q.id}": [right]}, **HOST
    )
    assert "Try again" not in client.get(passed["Location"], **HOST).content.decode()


def test_no_one_sees_another_learners_quiz_attempt(client, login_as):
    owner = resident()
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=owner, course=course)
    lesson = lessons_of(course)[0]
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist(f"q{q.id}", [str(next(iter(q.correct_choice_ids())))])
    attempt = services.submit_quiz(
        user=owner, lesson=lesson, block_id=quiz_block_id(lesson), data=data
    )
    login_as(resident())
    assert client.get(reverse("quiz-attempt", args=[attempt.id]), **HOST).status_code == 404


# --- Practice exam ----------------------------------------------------------------------


def test_practice_exam_flow_with_accessible_domain_chart(client, login_as):
    domains = all_domains()
    for letter in "FJ":
        for _ in range(3):
            make_question(domains[letter])
    user = resident()
    login_as(user)
    assert client.post(reverse("practice-exam"), {"count": "2"}, **HOST).status_code == 400
    response = client.post(reverse("practice-exam"), {"count": "5"}, **HOST)
    assert response.status_code == 302
    exam_page = client.get(response["Location"], **HOST).content.decode()
    assert "<fieldset" in exam_page and "<legend>" in exam_page
    result = client.post(response["Location"], {}, **HOST)
    assert result.status_code == 302
    page = client.get(response["Location"], **HOST).content.decode()
    assert '<th scope="row">F. Domain F</th>' in page and "bar--w0" in page
    assert 'style="' not in page
    login_as(resident())
    assert client.get(response["Location"], **HOST).status_code == 404


def test_quiz_attempt_records_exist_for_each_submission(client, login_as):
    user = resident()
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    url = reverse("lesson-quiz", args=[lesson.id, quiz_block_id(lesson)])
    wrong = next(c.id for c in q.choices.all() if not c.is_correct)
    client.post(url, {f"q{q.id}": [wrong]}, **HOST)
    client.post(url, {f"q{q.id}": [wrong]}, **HOST)
    assert QuizAttempt.objects.filter(user=user).count() == 2
    assert LessonProgress.objects.get(user=user, lesson=lesson).completed_at is None
