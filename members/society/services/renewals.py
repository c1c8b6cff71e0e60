"""Renewal reminders: 30 and 7 days before the end date and on it, each sent once."""

from __future__ import annotations

import datetime
from typing import cast

from django.db import IntegrityError, transaction
from django.utils import timezone

from members.models import Membership, MembershipStatus, grace_period
from members.society.models import ReminderKind, RenewalReminder
from members.society.selectors.pricing import society_day
from members.society.services import notifications

# (kind, days before the end date from which it is due), latest first.
REMINDER_SCHEDULE = (
    (ReminderKind.EXPIRED, 0),
    (ReminderKind.DAYS_7, 7),
    (ReminderKind.DAYS_30, 30),
)


def due_reminder(*, valid_until: datetime.date, today: datetime.date) -> ReminderKind | None:
    """The one reminder due today: the latest whose day has come. A run missed for a few
    days still sends the right one, and an earlier kind is never sent after a later."""
    if today > valid_until + grace_period():
        return None
    for kind, days_before in REMINDER_SCHEDULE:
        if today >= valid_until - datetime.timedelta(days=days_before):
            return kind
    return None


def send_renewal_reminders(*, now: datetime.datetime | None = None) -> int:
    """Send every reminder that is due and not yet sent; returns how many were sent.
    Each is claimed by inserting its row (unique per membership, kind and end date):
    a concurrent run fails on the key and skips."""
    now = now or timezone.now()
    today = society_day(now)
    memberships = (
        Membership.objects.filter(
            status=MembershipStatus.ACTIVE,
            valid_until__isnull=False,
            valid_until__lte=today + datetime.timedelta(days=30),
            valid_until__gte=today - grace_period(),
        )
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for membership in memberships:
        # The query keeps only memberships with an end date.
        valid_until = cast(datetime.date, membership.valid_until)
        kind = due_reminder(valid_until=valid_until, today=today)
        if kind is None or not membership.user.is_active:
            continue
        later = [k for k, _ in REMINDER_SCHEDULE[: [k for k, _ in REMINDER_SCHEDULE].index(kind)]]
        if RenewalReminder.objects.filter(
            membership=membership,
            valid_until=valid_until,
            kind__in=[kind, *later],
        ).exists():
            continue
        try:
            with transaction.atomic():
                RenewalReminder.objects.create(
                    membership=membership,
                    kind=kind,
                    valid_until=valid_until,
                    sent_at=now,
                )
                notifications.renewal_reminder(membership=membership, kind=kind)
        except IntegrityError:
            continue  # another run claimed it first
        sent += 1
    return sent
