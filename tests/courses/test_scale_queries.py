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
