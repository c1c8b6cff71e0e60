"""Erasure at scale: the same number of queries for 25 or 250 submissions, with a
thousand other people's sessions in the table; the erased account's sessions end (found
by the session table's user column, nothing decoded) and everyone else stays signed in."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.base import SessionBase
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.exercises.models import GradeResult, Submission, SubmissionStatus
from courses.exercises.privacy import ERASED
from members.models import User, UserSession
from members.privacy import erase_account
from tests.exercises.factories import make_exercise
from tests.factories import UserFactory
from tests.support.signin import sign_in

pytestmark = pytest.mark.django_db


def text_field(exercise) -> str:
    return next(
        f["id"] for f in exercise.report_template.parsed["fields"] if f.get("type") == "TEXT"
    )


def trainee_with_submissions(exercise, n: int) -> User:
    """A trainee with n graded reports whose free text names their hospital."""
    user = UserFactory(display_name="Grace Hopper")
    words = text_field(exercise)
    case = exercise.cases.first()
    submissions = Submission.objects.bulk_create(
        [
            Submission(
                user=user,
                exercise=exercise,
                case=case,
                attempt=a,
                values={words: "Seen at St Mary's by Dr Hopper", "other": 3},
                status=SubmissionStatus.GRADED,
                submitted_at=timezone.now(),
            )
            for a in range(1, n + 1)
        ]
    )
    GradeResult.objects.bulk_create(
        [
            GradeResult(
                submission=s,
                score=0.5,
                points=1,
                possible=2,
                passed=False,
                pass_mark=0.7,
                feedback=[
                    {"field": words, "correct": False, "given": "St Mary's, Dr Hopper"},
                    {"field": "other", "correct": True, "given": 3},
                ],
                grader_version="test",
                key_hash="h",
            )
            for s in submissions
        ]
    )
    return user


@pytest.fixture
def others_signed_in() -> list[int]:
    """A thousand other people, each with a stored session."""
    others = User.objects.bulk_create(
        [User(email=f"other{i:04d}@example.org") for i in range(1000)]
    )
    store = SessionBase()
    UserSession.objects.bulk_create(
        [
            UserSession(
                session_key=f"other{u.pk:035d}",
                session_data=store.encode({"_auth_user_id": str(u.pk)}),
                expire_date=timezone.now() + timezone.timedelta(days=1),
                user_id=u.pk,
            )
            for u in others
        ]
    )
    return [u.pk for u in others]


def signed_in_clients(user: User, n: int = 2) -> list[Client]:
    clients = []
    for _ in range(n):
        client = Client()
        sign_in(client, user)
        clients.append(client)
    return clients


def erasure_queries(user: User) -> int:
    with CaptureQueriesContext(connection) as queries:
        erase_account(User.objects.get(pk=user.pk))
    return len(queries)


def test_erasure_costs_the_same_with_ten_times_the_submissions(
    others_signed_in, django_assert_num_queries
):
    exercise = make_exercise(cases=1)
    small = trainee_with_submissions(exercise, 25)
    signed_in_clients(small)
    small_queries = erasure_queries(small)
    large = trainee_with_submissions(exercise, 250)
    signed_in_clients(large)
    with django_assert_num_queries(small_queries):
        erase_account(User.objects.get(pk=large.pk))
    words = text_field(exercise)
    kept = Submission.objects.filter(user=large)
    assert kept.count() == 250  # the reports stay for the statistics...
    assert {s.values[words] for s in kept} == {ERASED}  # ...without the trainee's words
    assert {s.values["other"] for s in kept} == {3}
    given = {item["given"] for r in GradeResult.objects.filter(submission__user=large)
             for item in r.feedback}  # fmt: skip
    assert given == {ERASED, 3}


def test_erasure_signs_the_account_out_everywhere_and_nobody_else(others_signed_in):
    user = UserFactory(display_name="Grace Hopper")
    phone, laptop = signed_in_clients(user)
    assert phone.get(reverse("members:profile")).status_code == 200
    assert UserSession.objects.filter(user_id=user.pk).count() == 2  # kept by the engine
    erase_account(User.objects.get(pk=user.pk))
    for client in (phone, laptop):
        response = client.get(reverse("members:profile"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not UserSession.objects.filter(user_id=user.pk).exists()
    assert UserSession.objects.filter(user_id__in=others_signed_in).count() == 1000


def test_a_signed_in_session_records_its_user_and_signing_out_removes_it(client):
    user = UserFactory()
    sign_in(client, user)
    assert UserSession.objects.get(user_id=user.pk).get_decoded()["_auth_user_id"] == str(user.pk)
    client.post(reverse("account_logout"))
    assert not UserSession.objects.filter(user_id=user.pk).exists()
