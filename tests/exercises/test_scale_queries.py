"""The exercise pages cost the same number of queries with 10x the exercises, cases and
attempts; the answer-keys pages show what is stored and never derive a key on a GET."""

from __future__ import annotations

import hashlib
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.exercises import services
from courses.exercises.models import (
    AnswerKey,
    ExercisePage,
    GradeResult,
    SampleCase,
    Submission,
    SubmissionStatus,
)
from tests.exercises.factories import make_exercise
from tests.factories import instructor, resident

pytestmark = pytest.mark.django_db

_copies = count()


def add_cases(exercise: ExercisePage, n: int) -> list[SampleCase]:
    """n more cases on the exercise: copies of its first (extracted) case under new hashes."""
    model = exercise.cases.order_by("pk").first()
    copies = []
    for _ in range(n):
        i = next(_copies)
        copies.append(
            SampleCase(
                title=f"Copy {i:04d} of {model.title}",
                kind=model.kind,
                file=model.file.name,
                sha256=hashlib.sha256(f"copy-{i}".encode()).hexdigest(),
                size=model.size,
                case_data=model.case_data,
                source=model.source,
            )
        )
    created = SampleCase.objects.bulk_create(copies)
    through = ExercisePage.cases.through
    through.objects.bulk_create(
        [through(exercisepage_id=exercise.pk, samplecase_id=c.pk) for c in created]
    )
    return created


def add_graded_attempts(user, exercise: ExercisePage, attempts: int = 2) -> None:
    """Graded attempts with a full feedback list on every case of the exercise."""
    feedback = [
        {"field": f"field_{i}", "correct": i % 2 == 0, "points": 1, "possible": 1, "why": "x" * 200}
        for i in range(40)
    ]
    submissions = Submission.objects.bulk_create(
        [
            Submission(
                user=user,
                exercise=exercise,
                case=case,
                attempt=attempt,
                values={"impression": "y" * 500},
                status=SubmissionStatus.GRADED,
                submitted_at=timezone.now(),
            )
            for case in exercise.cases.all()
            for attempt in range(1, attempts + 1)
        ]
    )
    GradeResult.objects.bulk_create(
        [
            GradeResult(
                submission=s,
                score=0.5,
                points=20,
                possible=40,
                passed=False,
                pass_mark=0.7,
                feedback=feedback,
                grader_version="test",
                key_hash="h",
            )
            for s in submissions
        ]
    )


def count_queries(client, url: str) -> tuple[int, str]:
    client.get(url)  # warm the per-process caches (site, settings) the first request fills
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries), response.content.decode()


def test_exercise_list_costs_the_same_with_ten_times_the_exercises(client, login_as):
    trainee = resident()
    signed_in = login_as(trainee)
    first = [make_exercise(cases=1) for _ in range(2)]
    for exercise in first:
        add_cases(exercise, 2)
        add_graded_attempts(trainee, exercise)
    small, page = count_queries(signed_in, reverse("exercises"))
    assert page.count("you have graded reports for 3") == 2
    for _ in range(18):
        exercise = make_exercise(cases=1)
        add_cases(exercise, 2)
        add_graded_attempts(trainee, exercise)
    large, page = count_queries(signed_in, reverse("exercises"))
    assert page.count("you have graded reports for 3") == 20
    assert page.count("3 cases") == 20
    assert large == small


def test_exercise_detail_costs_the_same_with_ten_times_the_cases(client, login_as):
    trainee = resident()
    signed_in = login_as(trainee)
    exercise = make_exercise(cases=1)
    add_cases(exercise, 5)
    add_graded_attempts(trainee, exercise, attempts=2)
    url = reverse("exercise", kwargs={"exercise_id": exercise.pk})
    small, page = count_queries(signed_in, url)
    assert page.count("Attempt 2: Graded") == 6
    Submission.objects.filter(user=trainee).delete()
    add_cases(exercise, 54)
    add_graded_attempts(trainee, exercise, attempts=2)
    large, page = count_queries(signed_in, url)
    assert page.count("Attempt 2: Graded") == 60
    assert large == small


def test_exercise_detail_loads_no_report_values_or_feedback(client, login_as):
    trainee = resident()
    signed_in = login_as(trainee)
    exercise = make_exercise(cases=1)
    add_graded_attempts(trainee, exercise, attempts=3)
    with CaptureQueriesContext(connection) as queries:
        signed_in.get(reverse("exercise", kwargs={"exercise_id": exercise.pk}))
    loaded = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"feedback"' not in loaded
    assert '"exercises_submission"."values"' not in loaded


def test_answer_keys_page_costs_the_same_with_ten_times_the_cases(client, login_as):
    signed_in = login_as(instructor())
    exercise = make_exercise(cases=1)
    services.derive_key(exercise=exercise, case=exercise.cases.get())
    model = AnswerKey.objects.get(exercise=exercise)
    url = reverse("exercise-keys", kwargs={"exercise_id": exercise.pk})

    def add_keyed_cases(n):
        AnswerKey.objects.bulk_create(
            [
                AnswerKey(
                    exercise=exercise,
                    case=case,
                    derived=model.derived,
                    transfer=model.transfer,
                    key_hash=model.key_hash,
                    overrides={"right_ica_psv": {"tolerance": {"abs": 15}}},
                )
                for case in add_cases(exercise, n)
            ]
        )

    add_keyed_cases(2)
    add_cases(exercise, 3)
    small, page = count_queries(signed_in, url)
    assert page.count("Not derived yet") == 3
    add_keyed_cases(27)
    add_cases(exercise, 27)
    large, page = count_queries(signed_in, url)
    assert page.count("Not derived yet") == 30
    assert large == small


def test_a_get_never_derives_a_key_and_a_post_does(client, login_as):
    signed_in = login_as(instructor())
    exercise = make_exercise(cases=1)
    case = exercise.cases.get()
    keys_url = reverse("exercise-keys", kwargs={"exercise_id": exercise.pk})
    key_url = reverse("exercise-key", kwargs={"exercise_id": exercise.pk, "case_id": case.pk})

    assert "Not derived yet" in signed_in.get(keys_url).content.decode()
    detail = signed_in.get(key_url)
    assert detail.status_code == 200
    assert "Not derived yet" in detail.content.decode()
    transfer = signed_in.get(
        reverse("exercise-transfer", kwargs={"exercise_id": exercise.pk, "case_id": case.pk})
    )
    assert transfer.status_code == 200
    assert transfer.json()["values"]
    assert not AnswerKey.objects.filter(exercise=exercise).exists()

    response = signed_in.post(key_url, {"action": "rederive"})
    assert response.status_code == 302
    assert AnswerKey.objects.filter(exercise=exercise, case=case).exists()
    page = signed_in.get(keys_url).content.decode()
    assert "Not derived yet" not in page
    assert "Inspect and override" in page
