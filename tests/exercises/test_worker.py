"""Grading on a real Celery worker (Redis broker, PostgreSQL shared with the test).

The worker is a subprocess using the test's own database (transaction=True, so the rows
the test writes are committed and visible to it). Each test routes the exercises tasks to
a queue of its own, so no other worker on the same Redis can take them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from courses.exercises import services
from courses.exercises.models import GradeResult, Submission
from tests.exercises.factories import make_exercise, perfect_report
from tests.factories import resident
from tests.support.services import broker_url, require_postgresql

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def queue():
    require_postgresql()
    url = broker_url()
    from config.celery_app import app

    name = f"exercises-test-{uuid.uuid4().hex[:8]}"
    saved = (app.conf.task_routes, app.conf.task_always_eager, app.conf.broker_url)
    app.conf.update(
        broker_url=url, task_always_eager=False, task_routes={"exercises.*": {"queue": name}}
    )
    yield name
    app.conf.update(task_routes=saved[0], task_always_eager=saved[1], broker_url=saved[2])


@pytest.fixture
def start_worker(queue):
    workers: list[subprocess.Popen] = []

    def start(**extra_env: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # What the worker sends itself at start (requeue, outbox flush) stays here too.
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "ACADEMY_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            "DJANGO_LOG_LEVEL": "WARNING",
            **extra_env,
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                queue,
                "--loglevel=INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{queue}-{len(workers)}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # own process group: the test can kill it whole
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)


def _wait_for(predicate, timeout: float, worker: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
    output = worker.communicate(timeout=20)[0]
    pytest.fail(f"{what} did not happen within {timeout} s; the worker said:\n{output[-4000:]}")


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
    _wait_for(
        lambda: Submission.objects.get(pk=submission.pk).status == "graded", 90, worker, "grading"
    )
    result = GradeResult.objects.get(submission=submission)
    assert result.passed and result.grading_count == 1


def test_a_killed_worker_loses_nothing_and_the_report_is_graded_once(start_worker):
    # Test hooks (docs/exercises.md): grading sleeps 30 s in this worker only, and unacked
    # messages come back after 3 s instead of an hour.
    slow = start_worker(EXERCISES_GRADING_TEST_DELAY="30", CELERY_BROKER_VISIBILITY_TIMEOUT="3")
    submission = _submit()
    _wait_for(
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
    _wait_for(
        lambda: Submission.objects.get(pk=submission.pk).status == "graded",
        120,
        fresh,
        "redelivery to the new worker",
    )
    assert GradeResult.objects.filter(submission=submission).count() == 1
    assert GradeResult.objects.get(submission=submission).grading_count == 1


def _use_broker(url: str | None) -> None:
    """Publish to another broker from the test process (None: back to the usual one).

    `broker_write_url` because the CELERY_BROKER_URL environment variable outranks
    `broker_url` in Celery's settings; the cached pools are dropped so that the next
    publish really opens a connection there."""
    from config.celery_app import app

    app.conf.broker_write_url = url
    app._pool = None
    app.amqp._producer_pool = None


def test_a_submission_made_while_the_broker_is_down_is_graded_when_it_returns(
    start_worker, client, django_capture_on_commit_callbacks, caplog
):
    from django.urls import reverse

    trainee = resident()
    exercise = make_exercise()
    case = exercise.cases.get()
    client.force_login(trainee)
    _use_broker("redis://127.0.0.1:9/0")  # nothing listens on the discard port
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("exercise-case", kwargs={"exercise_id": exercise.pk, "case_id": case.pk}),
                {**perfect_report(exercise, case), "action": "confirm_submit"},
            )
    finally:
        _use_broker(None)
    assert response.status_code == 302  # the trainee is not shown an error
    assert "Broker unreachable" in caplog.text  # the grading task really was not sent
    submission = Submission.objects.get(user=trainee)
    assert submission.status == "queued"

    worker = start_worker()  # the broker is back, and so is a worker
    assert services.requeue_stale(minutes=0) == 1
    _wait_for(
        lambda: Submission.objects.get(pk=submission.pk).status == "graded", 90, worker, "grading"
    )
    assert GradeResult.objects.get(submission=submission).passed
