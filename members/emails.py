"""Queue an email from a service: rendered now, recorded in the outbox with the caller's
transaction and sent by the `members.send_email` task after the commit (a rolled-back
change sends nothing; a broker that is down delays the email, outbox.flush sends it)."""

from __future__ import annotations

from django.conf import settings


def queue_email(*, subject: str, body: str, to: list[str], html: str | None = None) -> None:
    from outbox.services import enqueue

    payload = {
        "subject": f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        "body": body,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": list(to),
        "html": html,
    }
    enqueue(task="members.send_email", kwargs=payload)
