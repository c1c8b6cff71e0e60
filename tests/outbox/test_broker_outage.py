"""A broker that is down fails no request: the work waits in the outbox and a real worker
does it, once, when the broker is back (issue 10, item 10)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction
from django.urls import reverse

from courses.exercises import services as exercise_services
from courses.exercises.models import GradeResult, RegradeJob, RegradeStatus
from members.models import User
from outbox import services as outbox
from outbox.models import OutboxMessage
from tests.exercises.factories import make_exercise, perfect_report
from tests.factories import A_NAME, TEST_PASSWORD, instructor, resident
from tests.support.worker import broker_down, mails_to, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _all_done() -> bool:
    return not OutboxMessage.objects.filter(done_at__isnull=True).exists()


def test_sign_up_and_password_reset_with_the_broker_down_send_each_email_once_later(
    client, start_worker, caplog
):
    known = resident()
    with broker_down():
        signup = client.post(
            reverse("account_signup"),
            {
                "email": "nora@example.org",
                "password1": TEST_PASSWORD,
                "password2": TEST_PASSWORD,
                **A_NAME,
            },
            follow=True,
        )
        client.logout()
        reset = client.post(reverse("account_reset_password"), {"email": known.email}, follow=True)

    # Neither request failed, and both say what happens next.
    assert signup.status_code == 200 and reset.status_code == 200
    for page in (signup, reset):
        assert "your email will arrive within a few minutes" in page.content.decode()
    assert "not handed over" in caplog.text  # the broker really refused them
    user = User.objects.get(email="nora@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert OutboxMessage.objects.filter(done_at__isnull=True).count() == 2
    assert not any(start_worker.mail_dir.iterdir())

    worker = start_worker()  # the broker is back, and so is a worker: it flushes at start
    wait_for(_all_done, 90, worker, "sending the waiting emails")

    # A second publish of each (a flush racing the first one) must not send it again.
    for message in OutboxMessage.objects.all():
        assert outbox.publish(message_id=message.pk)
    with transaction.atomic():
        outbox.enqueue(
            task="members.send_email",
            kwargs={
                "subject": "sentinel",
                "body": "after the duplicates",
                "from_email": "a@example.org",
                "to": ["sentinel@example.org"],
            },
        )
    # One worker process, one queue: once the sentinel is written the duplicates were run.
    wait_for(
        lambda: mails_to(start_worker.mail_dir, "sentinel@example.org"),
        60,
        worker,
        "the sentinel email",
    )
    verification = mails_to(start_worker.mail_dir, "nora@example.org")
    reset_mail = mails_to(start_worker.mail_dir, known.email)
    assert len(verification) == 1 and "/accounts/confirm-email/" in verification[0]
    assert len(reset_mail) == 1 and "/accounts/password/reset/key/" in reset_mail[0]


def test_a_regrade_started_with_the_broker_down_completes_when_a_worker_is_back(
    client, login_as, start_worker, settings
):
    from config.celery_app import app

    exercise = make_exercise()
    case = exercise.cases.get()
    app.conf.task_always_eager = True  # the report is graded in-process before the outage
    submission = exercise_services.submit(
        user=resident(), exercise=exercise, case=case, values=perfect_report(exercise, case)
    )
    app.conf.task_always_eager = False
    assert GradeResult.objects.filter(submission=submission).exists()

    login_as(instructor())
    with broker_down():
        response = client.post(
            reverse("exercise-regrade-start", kwargs={"exercise_id": exercise.pk}), follow=True
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "starts by itself as soon as the service is back" in html
    job = RegradeJob.objects.get(exercise=exercise)
    assert job.status == RegradeStatus.PENDING

    worker = start_worker()
    wait_for(
        lambda: RegradeJob.objects.get(pk=job.pk).status == RegradeStatus.DONE,
        90,
        worker,
        "the regrade",
    )
    job.refresh_from_db()
    assert job.done == job.total == 1
    assert _all_done()
