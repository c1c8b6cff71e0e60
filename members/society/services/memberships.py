"""Making or extending the membership once an application is paid."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from wagtail.log_actions import log

from members.models import Membership, MembershipStatus, User
from members.society.models import Application, ApplicationKind, MilestoneReward, Voucher
from members.society.selectors.memberships import latest_membership, next_validity
from members.society.services.numbering import next_membership_number


def _issue_milestone_voucher(*, n: int, membership: Membership) -> Voucher | None:
    """The member numbered n gets the milestone's voucher, once: the sequence gives n to
    one membership only, and the one-to-one key refuses a second voucher anyway."""
    milestone = MilestoneReward.objects.filter(member_number=n, active=True).first()
    if milestone is None or Voucher.objects.filter(milestone=milestone).exists():
        return None
    with transaction.atomic():
        return Voucher.objects.create(
            milestone=milestone,
            user=membership.user,
            membership_number=membership.number,
            code=f"VOUCHER-{n}-{secrets.token_hex(3).upper()}",
            percent_off=milestone.percent_off,
            description=milestone.description,
        )


def activate_membership(
    *, application: Application, today: datetime.date, by: User | None = None
) -> tuple[Membership, Voucher | None]:
    """Create the membership (with the next number) or extend the member's latest one."""
    user = application.user
    membership = application.membership or latest_membership(user=user)
    valid_from, valid_until = next_validity(
        membership=membership, period=application.period, today=today
    )
    voucher = None
    if membership is None:
        n, number = next_membership_number()
        membership = Membership.objects.create(
            user=user,
            number=number,
            category=application.category,
            status=MembershipStatus.ACTIVE,
            valid_from=valid_from,
            valid_until=valid_until,
            period=application.period,
        )
        voucher = _issue_milestone_voucher(n=n, membership=membership)
        action = "society.join"
    else:
        membership.category = application.category
        membership.status = MembershipStatus.ACTIVE
        membership.valid_from = valid_from
        membership.valid_until = valid_until
        membership.period = application.period
        membership.save()
        action = "society.renew" if application.kind == ApplicationKind.RENEWAL else "society.join"
    log(
        instance=membership,
        action=action,
        user=by,
        data={
            "application": application.pk,
            "valid_until": valid_until.isoformat(),
            "amount": str(application.amount_due),
        },
    )
    user.__dict__.pop("_active_member_cache", None)
    user.__dict__.pop("_roles_cache", None)
    return membership, voucher
