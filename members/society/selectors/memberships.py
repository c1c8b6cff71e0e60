"""Reads about a member's membership: renewal due, dates of the next period, profile."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from members.models import Membership, MembershipStatus, User, grace_period
from members.society.models import (
    Application,
    ApplicationStatus,
    Invoice,
    Payment,
    Period,
    Voucher,
)
from members.society.models.applications import OPEN_STATUSES

RENEWAL_OPENS_DAYS_BEFORE = 30


def latest_membership(*, user: User) -> Membership | None:
    return (
        Membership.objects.filter(user=user)
        .exclude(status=MembershipStatus.CANCELLED)
        .order_by("-valid_until", "-valid_from")
        .first()
    )


def renewal_is_due(*, membership: Membership, on: datetime.date) -> bool:
    """From 30 days before the end date on; also after the grace period (then renewing
    starts a new period from the day of payment)."""
    if membership.valid_until is None or membership.status != MembershipStatus.ACTIVE:
        return False
    return on >= membership.valid_until - datetime.timedelta(days=RENEWAL_OPENS_DAYS_BEFORE)


def renewal_period(*, membership: Membership) -> str:
    return membership.period or Period.CALENDAR_YEAR


def period_end(*, period: str, start: datetime.date) -> datetime.date:
    if period == Period.CALENDAR_YEAR:
        return datetime.date(start.year, 12, 31)
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        anniversary = datetime.date(start.year + 1, 3, 1)
    return anniversary - datetime.timedelta(days=1)


def next_validity(
    *, membership: Membership | None, period: str, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """(valid_from, valid_until) after a payment today: a renewal inside the grace period
    continues without a gap; otherwise the new period starts today."""
    if (
        membership is not None
        and membership.valid_until is not None
        and membership.valid_until + grace_period() >= today
    ):
        start = membership.valid_until + datetime.timedelta(days=1)
        return membership.valid_from, period_end(period=period, start=start)
    return today, period_end(period=period, start=today)


@dataclass
class MemberSummary:
    membership: Membership | None
    in_grace: bool
    renewal_due: bool
    open_application: Application | None
    invoices: list[Invoice] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    vouchers: list[Voucher] = field(default_factory=list)


def member_summary(*, user: User, today: datetime.date) -> MemberSummary:
    """What the profile shows about the society (a fixed number of queries)."""
    membership = latest_membership(user=user)
    return MemberSummary(
        membership=membership,
        in_grace=bool(membership and membership.in_grace_on(today)),
        renewal_due=bool(membership and renewal_is_due(membership=membership, on=today)),
        open_application=Application.objects.filter(user=user, status__in=OPEN_STATUSES)
        .order_by("-created_at")
        .first(),
        invoices=list(Invoice.objects.filter(user=user).order_by("-issued_on", "-number")),
        payments=list(
            Payment.objects.filter(application__user=user)
            .select_related("application")
            .order_by("-created")
        ),
        vouchers=list(Voucher.objects.filter(user=user)),
    )


def applications_awaiting_approval() -> QuerySet[Application]:
    return Application.objects.filter(status=ApplicationStatus.AWAITING_APPROVAL).select_related(
        "user"
    )
