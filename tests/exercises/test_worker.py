"""Grading on a real Celery worker (Redis broker, PostgreSQL shared with the test).

The worker is a subprocess using the test's own database (transaction=True, so the rows
the test writes are committed and visible to it), started by ``tests.support.worker``'s
``start_worker`` on a queue of the test's own, so no other worker on the same Redis can
take its tasks.
"""

from __future__ import annotations

import os
import signal

import pytest

from courses.exercises import services
from courses.exercises.models import GradeResult, Submission
from tests.exercises.factories import make_exercise, perfect_report
from tests.factories import resident
from tests.support.worker import broker_down, wait_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]


def _submit():
    exercise = make_exercise()
    case = exercise.cases.get()
    return services.submit(
        user=resident(), exercise=exercise, case=case, values=perfect_report(exercise, case)
    )


def test_a_submission_is_graded_by_a_real_worker(start_worker):
    worker = start_worker()
    submission = _submit()
    assert Submission.objects.get(pk=submission.pk).status in ("queued", "grading", "graded")
    wait_for(
        lambda: Submission.objects.get(pk=submission.pk).status == "graded", 90, worker, "grading"
    )
    result = GradeResult.objects.get(submission=submission)
    assert result.passed and result.grading_count == 1


def test_a_killed_worker_loses_nothing_and_the_report_is_graded_once(start_worker):
    # Test hooks (docs/exercises.md): grading sleeps 30 s in this worker only, and unacked
    # messages come back after 3 s instead of an hour.
    slow = start_worker(EXERCISES_GRADING_TEST_DELAY="30", CELERY_BROKER_VISIBILITY_TIMEOUT="3")
    submission = _submit()
    wait_for(
        lambda: Submission.objects.get(pk=submission.pk).status == "grading",
        90,
        slow,
        "the first worker starting the task",
    )
    os.killpg(slow.pid, signal.SIGKILL)  # the whole worker, main process and child
    slow.wait(timeout=10)
    assert Submission.objects.get(pk=submission.pk).status == "grading"
    assert not GradeResult.objects.filter(submission=submission).exists()

    fresh = start_worker(CELERY_BROKER_VISIBILITY_TIMEOUT="3")
    wait_for(
        lambda: Submission.objects.get(pk=submission.pk).status == "graded",
        120,
        fresh,
        "redelivery to the new worker",
    )
    assert GradeResult.objects.filter(submission=submission).count() == 1
    assert GradeResult.objects.get(submission=submission).grading_count == 1


def test_a_submission_made_while_the_broker_is_down_is_graded_when_it_returns(
    start_worker, client, django_capture_on_commit_callbacks, caplog
):
    from django.urls import reverse

    trainee = resident()
    exercise = make_exercise()
    case = exercise.cases.get()
    client.force_login(trainee)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exercise-case", kwargs={"exercise_id": exercise.pk, "case_id": case.pk}),
            {**perfect_report(exercise, case), "action": "confirm_submit"},
        )
    assert response.status_code == 302  # the trainee is not shown an error
    assert "Broker unreachable" in caplog.text  # the grading task really was not sent
    submission = Submission.objects.get(user=trainee)
    assert submission.status == "queued"

    worker = start_worker()  # the broker is back, and so is a worker
    assert services.requeue_stale(minutes=0) == 1
    wait_for(
        lambda: Submission.objects.get(pk=submission.pk).status == "graded", 90, worker, "grading"
    )
    assert GradeResult.objects.get(submission=submission).passed
