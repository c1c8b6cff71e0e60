"""The course page's shared part (heading, prerequisites, objectives, lesson list) is built
once per content version (courses.selectors.course_frame) and still shows an edit at once;
each visitor's progress stays their own."""

from __future__ import annotations

import pytest
from django.test import Client

from courses.models import CoursePage, LearningObjective, Topic
from courses.services import enrol, record_lesson_read
from tests.courses.factories import DomainFactory, build_course, lessons_of
from tests.factories import resident

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


def _learner(course, *, read: int = 0) -> Client:
    user = resident()
    enrol(user=user, course=course)
    for lesson in lessons_of(course)[:read]:
        record_lesson_read(user=user, lesson=lesson)
    browser = Client()
    browser.force_login(user)
    return browser


def _page(browser: Client, course) -> str:
    response = browser.get(course.url, **HOST)
    assert response.status_code == 200
    return response.content.decode()


def test_an_objective_edited_in_the_curriculum_shows_on_the_course_page_at_once():
    topic = Topic.objects.create(domain=DomainFactory(letter="D"), title="Standards", esr_level="I")
    objective = LearningObjective.objects.create(
        topic=topic, kind="knowledge", text="Name TID 1500."
    )
    course = build_course()
    course.objectives.add(objective)
    course.save_revision().publish()
    browser = _learner(course)
    assert "Name TID 1500." in _page(browser, course)

    objective.text = "Explain TID 1500 and TID 5100."
    objective.save()

    html = _page(browser, course)
    assert "Explain TID 1500 and TID 5100." in html and "Name TID 1500." not in html


def test_each_learner_sees_their_own_progress_on_the_shared_page():
    course = build_course(lessons_per_module=3)
    ahead, new = _learner(course, read=2), _learner(course)
    first, second, third = lessons_of(course)

    ahead_page, new_page = _page(ahead, course), _page(new, course)
    assert "2 of 3 required lessons complete" in ahead_page
    assert f'href="{third.url}">Continue where you left off: {third.title}' in ahead_page
    assert "0 of 3 required lessons complete" in new_page
    assert f'href="{first.url}">Start the course: {first.title}' in new_page


def test_a_preview_shows_the_draft_summary_and_the_live_page_keeps_the_published_one():
    course = build_course()
    browser = _learner(course)
    published = CoursePage.objects.get(pk=course.pk).summary
    assert published in _page(browser, course)

    draft = CoursePage.objects.get(pk=course.pk)
    draft.summary = "A summary only the draft has."
    assert "A summary only the draft has." in draft.make_preview_request().content.decode()

    assert "A summary only the draft has." not in _page(browser, course)
