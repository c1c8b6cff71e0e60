"""A worker killed mid-grading (kill -9 of the whole worker) or a broker that lost its
queue stalls nobody's grading for long: once a worker is back, every in-flight report is
graded within two minutes, and graded once (issue 10, item 11).

The first test runs with the production timeouts (no shortened visibility timeout): the
report comes back because the new worker queues stale work again when it starts."""

from __future__ import annotations

import os
import signal
import time

import pytest

from courses.exercises import services
from courses.exercises.models import GradeResult, Submission, SubmissionStatus
from tests.exercises.factories import make_exercise, perfect_report
from tests.factories import resident
from tests.support.worker import broker_down, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
RECOVERY_LIMIT = 120  # seconds, from the moment a worker is started again


def _status(submission: Submission) -> str:
    return Submission.objects.get(pk=submission.pk).status


def test_after_kill_9_of_the_worker_a_new_worker_grades_the_report_within_two_minutes(
    start_worker,
):
    exercise = make_exercise()
    case = exercise.cases.get()
    # Grading sleeps 30 s in this worker only, so that it can be killed mid-task.
    slow = start_worker(EXERCISES_GRADING_TEST_DELAY="30")
    submission = services.submit(
        user=resident(), exercise=exercise, case=case, values=perfect_report(exercise, case)
    )
    wait_for(lambda: _status(submission) == "grading", 90, slow, "the worker starting the task")
    os.killpg(slow.pid, signal.SIGKILL)  # the whole worker, main process and child
    slow.wait(timeout=10)
    assert _status(submission) == SubmissionStatus.GRADING
    assert not GradeResult.objects.filter(submission=submission).exists()

    fresh = start_worker()
    took = wait_for(
        lambda: _status(submission) == SubmissionStatus.GRADED,
        RECOVERY_LIMIT,
        fresh,
        "grading by the worker that came back",
    )
    print(f"graded {took:.1f} s after the new worker was started")
    # The killed worker's message may still come back from Redis later: it must not
    # grade the report again.
    time.sleep(3)
    result = GradeResult.objects.get(submission=submission)
    assert result.grading_count == 1 and result.passed


def test_a_report_whose_task_the_broker_lost_is_graded_by_the_beat(start_worker, caplog):
    """The grading task never reached the broker (as after a Redis restart without
    persistence); the worker is already running, so only the beat can bring it back.
    The beat interval and the staleness threshold are settings, shortened here."""
    exercise = make_exercise()
    case = exercise.cases.get()
    worker = start_worker(beat=True, EXERCISES_REQUEUE_EVERY="2", EXERCISES_REQUEUE_AFTER="20")
    time.sleep(5)  # the worker is up and its start-up requeue has run
    with broker_down():
        submission = services.submit(
            user=resident(), exercise=exercise, case=case, values=perfect_report(exercise, case)
        )
    assert "Broker unreachable" in caplog.text  # the grading task really was not sent
    assert _status(submission) == SubmissionStatus.QUEUED
    took = wait_for(
        lambda: _status(submission) == SubmissionStatus.GRADED,
        RECOVERY_LIMIT,
        worker,
        "grading after the beat's requeue",
    )
    print(f"graded {took:.1f} s after the submit (stale after 20 s, beat every 2 s)")
    assert GradeResult.objects.get(submission=submission).grading_count == 1
