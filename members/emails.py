"""Queue an email from a service: rendered now, sent by the `members.send_email` task
after the transaction commits (a rolled-back change sends nothing)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from members.tasks import send_email


def queue_email(*, subject: str, body: str, to: list[str], html: str | None = None) -> None:
    payload = {
        "subject": f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        "body": body,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": list(to),
        "html": html,
    }
    transaction.on_commit(lambda: send_email.delay(**payload))
