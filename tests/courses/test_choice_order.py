"""Quiz choices are shuffled per attempt on the server: no learner scores by position.

The order an attempt showed is stored with it, so its feedback lists the choices as the
learner saw them.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.urls import reverse

from courses import services
from courses.choice_order import lesson_quiz_seed, shuffled_choice_ids
from courses.demo_curriculum import question_bank
from courses.models import Choice, PracticeExamAttempt, Question, QuizAttempt
from tests.courses.factories import DomainFactory, build_course, lessons_of
from tests.factories import resident

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}


def four_choice_question(n: int) -> Question:
    """The key written first, as hand-written banks tend to have it."""
    question = Question.objects.create(
        domain=DomainFactory(), type="single", stem=f"Question {n}?", explanation="Because."
    )
    for i, (text, ok) in enumerate(
        [(f"Key {n}", True)] + [(f"Wrong {n}.{k}", False) for k in "abc"]
    ):
        Choice.objects.create(question=question, sort_order=i, text=text, is_correct=ok)
    return question


def shown_choice_ids(page: str, question: Question) -> list[int]:
    return [int(x) for x in re.findall(rf'name="q{question.id}" id="q{question.id}-c(\d+)"', page)]


def quiz_url(lesson) -> str:
    block_id = next(b.id for b in lesson.body if b.block_type == "quiz")
    return reverse("lesson-quiz", args=[lesson.id, block_id])


def test_the_key_is_drawn_to_every_position_about_equally_over_200_attempts():
    question = four_choice_question(0)
    key = next(c.id for c in question.choices.all() if c.is_correct)
    positions = Counter(
        shuffled_choice_ids(
            question=question,
            seed=lesson_quiz_seed(user_id=7, lesson_id=3, block_id="b", attempt_number=n),
        ).index(key)
        for n in range(1, 201)
    )
    # Uniform over four positions: 50 each expected; 25..75 is more than four standard
    # deviations (about 6.1) either side.
    assert set(positions) == {0, 1, 2, 3}
    assert all(25 <= positions[p] <= 75 for p in range(4)), positions


def test_always_choosing_the_first_option_does_not_pass_the_quiz(client, login_as):
    user = resident()
    questions = [four_choice_question(n) for n in range(4)]
    course = build_course(quiz_questions=questions)
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    scores = []
    for _ in range(12):
        page = client.get(lesson.url, **HOST).content.decode()
        answers = {f"q{q.id}": [shown_choice_ids(page, q)[0]] for q in questions}
        response = client.post(quiz_url(lesson), answers, **HOST)
        assert response.status_code == 302
        scores.append(QuizAttempt.objects.filter(user=user).first().score)
    assert len(scores) == 12 and QuizAttempt.objects.filter(user=user).count() == 12
    assert sum(scores) / len(scores) < 60, scores  # 25% expected by chance


def test_each_attempt_shows_its_own_order_and_its_feedback_keeps_that_order(client, login_as):
    user = resident()
    question = four_choice_question(1)
    course = build_course(quiz_questions=[question])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    orders = []
    for _ in range(6):
        page = client.get(lesson.url, **HOST).content.decode()
        shown = shown_choice_ids(page, question)
        assert sorted(shown) == sorted(c.id for c in question.choices.all())
        assert shown_choice_ids(client.get(lesson.url, **HOST).content.decode(), question) == shown
        response = client.post(quiz_url(lesson), {f"q{question.id}": [shown[0]]}, **HOST)
        feedback = client.get(response["Location"], **HOST).content.decode()
        texts = [Choice.objects.get(pk=cid).text for cid in shown]
        positions = [feedback.index(text) for text in texts]
        assert positions == sorted(positions), "feedback lists the choices as they were shown"
        orders.append(tuple(shown))
    assert len(set(orders)) > 1, "the order changes between attempts"


def test_a_practice_exam_shows_and_reviews_choices_in_its_own_stored_order(client, login_as):
    user = resident()
    questions = [four_choice_question(n) for n in range(10, 22)]
    login_as(user)
    attempt = services.start_practice_exam(user=user, count=len(questions))
    assert set(attempt.choice_order) == {str(q.id) for q in questions}
    url = reverse("practice-exam-attempt", args=[attempt.id])
    page = client.get(url, **HOST).content.decode()
    for q in questions:
        assert shown_choice_ids(page, q) == attempt.choice_order[str(q.id)]
    first_is_key = [
        Choice.objects.get(pk=attempt.choice_order[str(q.id)][0]).is_correct for q in questions
    ]
    assert not all(first_is_key)
    client.post(url, {f"q{q.id}": [attempt.choice_order[str(q.id)][0]] for q in questions}, **HOST)
    attempt = PracticeExamAttempt.objects.get(pk=attempt.pk)
    assert attempt.score < 100


def test_the_demo_bank_does_not_keep_the_key_in_one_position():
    bank = question_bank()
    key_positions = Counter(
        tuple(i for i, choice in enumerate(q["choices"]) if choice["correct"])
        for q in bank.values()
    )
    single = {pos[0]: n for pos, n in key_positions.items() if len(pos) == 1}
    assert len(single) >= 3
    assert max(single.values()) <= len(bank) / 2
