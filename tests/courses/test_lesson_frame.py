"""The lesson page's shared part (course, lesson list, quiz questions, block HTML) is
built once per content version and shared by every learner (courses.selectors.lesson_frame);
what a learner sees of it is still current the moment anything in it changes, and what
is theirs (choice order, progress, attempts) stays theirs."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courses.models import Choice, LessonPage, QuizAttempt
from courses.services import enrol
from tests.courses.factories import build_course, lessons_of, make_question
from tests.factories import resident

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}


def _learner_on(course) -> Client:
    user = resident()
    enrol(user=user, course=course)
    browser = Client()
    browser.force_login(user)
    return browser


def _page(browser: Client, url: str) -> str:
    response = browser.get(url, **HOST)
    assert response.status_code == 200
    return response.content.decode()


def _shown_choice_ids(html: str, question_id: int) -> list[int]:
    return [
        int(x)
        for x in re.findall(rf'name="q{question_id}" id="q{question_id}-c\d+" value="(\d+)"', html)
    ]


def test_a_question_edited_in_the_bank_shows_on_the_lesson_at_once():
    question = make_question(stem="Which tag holds the modality?")
    course = build_course(quiz_questions=[question])
    lesson = lessons_of(course)[0]
    browser = _learner_on(course)
    assert "Which tag holds the modality?" in _page(browser, lesson.url)

    question.stem = "Which attribute holds the modality?"
    question.save()
    choice = question.choices.order_by("sort_order", "id").first()
    choice.text = "Modality (0008,0060)"
    choice.save()

    html = _page(browser, lesson.url)
    assert "Which attribute holds the modality?" in html and "Which tag holds" not in html
    assert "Modality (0008,0060)" in html


def test_a_choice_added_to_a_question_is_offered_at_once():
    question = make_question()
    course = build_course(quiz_questions=[question])
    lesson = lessons_of(course)[0]
    browser = _learner_on(course)
    before = _shown_choice_ids(_page(browser, lesson.url), question.id)

    added = Choice.objects.create(question=question, text="None of these", sort_order=99)

    after = _shown_choice_ids(_page(browser, lesson.url), question.id)
    assert sorted(after) == sorted([*before, added.id])


def test_each_learner_sees_their_own_order_and_the_quiz_scores_that_order():
    question = make_question()
    course = build_course(quiz_questions=[question])
    lesson = lessons_of(course)[0]
    orders = {}
    for n in range(6):
        browser = _learner_on(course)
        html = _page(browser, lesson.url)
        shown = _shown_choice_ids(html, question.id)
        block_id = re.search(r'action="/learn/lessons/\d+/quiz/([^/"]+)/"', html).group(1)
        response = browser.post(
            f"/learn/lessons/{lesson.id}/quiz/{block_id}/", {f"q{question.id}": shown[0]}, **HOST
        )
        assert response.status_code in (200, 302)
        attempt = QuizAttempt.objects.filter(lesson=lesson).latest("id")
        assert attempt.choice_order[str(question.id)] == shown  # scored as it was shown
        orders[n] = tuple(shown)
    assert len(set(orders.values())) > 1  # the shared frame did not fix one order for all


def test_the_lesson_list_and_progress_stay_each_learners_own():
    course = build_course(lessons_per_module=3)
    first, second, third = lessons_of(course)
    reader, newcomer = _learner_on(course), _learner_on(course)
    reader.post(f"/learn/lessons/{first.id}/read/", **HOST)

    reader_page, newcomer_page = _page(reader, second.url), _page(newcomer, second.url)
    for html in (reader_page, newcomer_page):
        assert f'href="{first.url}">Previous: {first.title}' in html
        assert f'href="{third.url}">Next: {third.title}' in html
    assert "Course: 1 of 3 required lessons" in reader_page
    assert "Course: 0 of 3 required lessons" in newcomer_page


def test_a_preview_shows_the_draft_body_and_the_live_page_keeps_the_published_one():
    course = build_course()
    lesson = lessons_of(course)[0]
    browser = _learner_on(course)
    assert "Text 0" in _page(browser, lesson.url)  # the shared frame is built and kept

    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body = [("rich_text", "<p>A sentence only the draft has.</p>")]
    assert "A sentence only the draft has." in draft.make_preview_request().content.decode()

    live = _page(browser, lesson.url)
    assert "Text 0" in live and "A sentence only the draft has." not in live


def test_a_signed_in_lesson_costs_the_same_queries_for_a_bigger_course_and_quiz():
    counts = []
    for size in (1, 10):
        questions = [make_question() for _ in range(size)]
        course = build_course(
            modules=size, lessons_per_module=2, quiz_questions=questions, extra_blocks=size
        )
        lesson = lessons_of(course)[0]
        browser = _learner_on(course)
        _page(browser, lesson.url)
        with CaptureQueriesContext(connection) as queries:
            _page(browser, lesson.url)
        counts.append(len(queries))
    assert counts[0] == counts[1]
