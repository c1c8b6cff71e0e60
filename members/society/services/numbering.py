"""Sequential numbers that are never handed out twice (membership, invoice)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from members.models import Membership
from members.society.models import NumberSequence

MEMBER_SEQUENCE = "member"


def next_value(*, name: str) -> int:
    """Take the next value of the named sequence under a row lock (the caller's
    transaction holds the lock until it commits, so concurrent callers queue)."""
    with transaction.atomic():
        NumberSequence.objects.get_or_create(name=name)
        sequence = NumberSequence.objects.select_for_update().get(name=name)
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
        return sequence.last_value


def next_membership_number() -> tuple[int, str]:
    """(n, "M-00042"): skips numbers the office already typed in by hand."""
    while True:
        n = next_value(name=MEMBER_SEQUENCE)
        number = f"{settings.SOCIETY_MEMBER_NUMBER_PREFIX}{n:05d}"
        if not Membership.objects.filter(number=number).exists():
            return n, number


def next_invoice_number(*, year: int) -> str:
    """ "2026-00001": numbered per calendar year, without gaps in committed invoices."""
    return f"{year}-{next_value(name=f'invoice-{year}'):05d}"
