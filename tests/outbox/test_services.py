"""The outbox in-process (eager Celery): each message runs once, a failure is retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outbox import services
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _email(to: str = "ana@example.org") -> dict:
    return {"subject": "Hello", "body": "Body", "from_email": "a@example.org", "to": [to]}


def test_a_message_published_twice_sends_its_email_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.enqueue(task="members.send_email", kwargs=_email())
    assert services.publish(message_id=message.pk)  # a flush racing the first publish
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.done_at is not None and message.publish_attempts == 2


def test_a_rolled_back_request_leaves_no_message_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.enqueue(task="members.send_email", kwargs=_email())
        raise RuntimeError("the form failed after all")
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_a_failing_task_keeps_the_message_for_the_next_flush(
    django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.outbox.test_services.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        message = services.enqueue(task="members.send_email", kwargs=_email())
    message.refresh_from_db()
    assert message.done_at is None and message.claimed_at is None
    assert "mail server away" in message.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.update(published_at=timezone.now() - timedelta(hours=1))
    assert services.flush() == 1
    assert len(mail.outbox) == 1


def test_done_messages_are_deleted_after_a_week(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old = services.enqueue(task="members.send_email", kwargs=_email())
    OutboxMessage.objects.filter(pk=old.pk).update(done_at=timezone.now() - timedelta(days=8))
    services.flush()
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server away")
