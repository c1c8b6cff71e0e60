"""My learning costs the same number of queries with 10x the enrolments: one outline
query for all courses, one progress query for all lessons."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment, LessonProgress
from tests.courses.factories import build_course, lessons_of
from tests.factories import resident

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


def enrol_in_new_courses(user, n: int) -> None:
    for _ in range(n):
        course = build_course(modules=2, lessons_per_module=2)
        Enrolment.objects.create(
            user=user, course=course, deadline=timezone.localdate() + datetime.timedelta(days=9)
        )
        first = lessons_of(course)[0]
        LessonProgress.objects.create(user=user, lesson=first, completed_at=timezone.now())


def dashboard_queries(client) -> tuple[int, str]:
    client.get(reverse("my-learning"), **HOST)  # warm the per-process site caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("my-learning"), **HOST)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_my_learning_costs_the_same_with_ten_times_the_enrolments(client, login_as):
    learner = resident()
    login_as(learner)
    enrol_in_new_courses(learner, 2)
    small, page = dashboard_queries(client)
    assert page.count("1 of 4 lessons") == 2
    assert page.count("Continue where you left off: Lesson 1.2") == 2
    enrol_in_new_courses(learner, 18)
    large, page = dashboard_queries(client)
    assert page.count("1 of 4 lessons") == 20
    assert page.count("Continue where you left off: Lesson 1.2") == 20
    assert large == small


def add_objectives(n: int, *, lesson) -> None:
    """n more objectives in one new topic of domain F, each taught by `lesson`."""
    from courses.models import LearningObjective, Topic
    from tests.courses.factories import all_domains

    topic = Topic.objects.create(domain=all_domains()["F"], title="Scale", esr_level="II")
    for i in range(n):
        objective = LearningObjective.objects.create(
            topic=topic, kind="knowledge", text=f"Objective {topic.pk}-{i}"
        )
        type(lesson).objectives.through.objects.create(
            lessonpage_id=lesson.pk, learningobjective_id=objective.pk
        )


def curriculum_queries(client) -> tuple[int, str]:
    """The queries of a curriculum request just after the curriculum changed (the
    fragment is rendered afresh: the costly case) and of the next one (cached)."""
    from django.core.cache import cache

    cache.clear()
    client.get(reverse("curriculum"), **HOST)  # warm the per-process site caches
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(reverse("curriculum"), **HOST)
    with CaptureQueriesContext(connection) as warm:
        client.get(reverse("curriculum"), **HOST)
    assert response.status_code == 200
    assert len(warm) <= len(cold)
    return len(cold), response.content.decode()


@pytest.mark.parametrize("signed_in_as", [None, "resident", "instructor"])
def test_the_curriculum_costs_the_same_with_ten_times_the_objectives(
    client, login_as, signed_in_as
):
    from tests.factories import instructor

    if signed_in_as:
        login_as(resident() if signed_in_as == "resident" else instructor())
    course = build_course()
    lesson = lessons_of(course)[0]
    add_objectives(5, lesson=lesson)
    small, page = curriculum_queries(client)
    assert page.count(f"{lesson.title}</a> (lesson)") == 5
    add_objectives(45, lesson=lesson)
    large, page = curriculum_queries(client)
    assert page.count(f"{lesson.title}</a> (lesson)") == 50
    assert large == small
