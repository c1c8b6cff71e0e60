"""Writes about users: roles and memberships."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.db import transaction

from members.models import Membership, MembershipCategory, MembershipStatus, User
from members.roles import ROLE_GROUPS, Role


def grant_role(user: User, role: Role) -> None:
    if role is Role.MEMBER:
        raise ValueError("Membership is granted by a Membership record, not a group.")
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    user.groups.add(group)
    user.__dict__.pop("_roles_cache", None)
    user.__dict__.pop("_granted_roles_cache", None)


@transaction.atomic
def record_membership(
    *,
    user: User,
    number: str,
    category: MembershipCategory,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
    status: MembershipStatus = MembershipStatus.ACTIVE,
) -> Membership:
    """Create or update the membership with this number (idempotent by number)."""
    membership, _ = Membership.objects.update_or_create(
        number=number,
        defaults={
            "user": user,
            "category": category,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "status": status,
        },
    )
    return membership
