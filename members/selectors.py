"""Reads about users: their roles and their society membership."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from members.models import Membership, User
from members.roles import ROLE_GROUPS, Role


def active_membership(
    user: User | AnonymousUser, on: datetime.date | None = None
) -> Membership | None:
    """The membership that makes `user` an active member on the day `on` (today)."""
    if not user.is_authenticated:
        return None
    day = on or timezone.localdate()
    return Membership.objects.filter(user=user).valid_on(day).order_by("-valid_from").first()


def is_active_member(user: User | AnonymousUser, on: datetime.date | None = None) -> bool:
    """Is this user an active member of the society today (or on the day `on`)?"""
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_active_member_cache", None)
    day = on or timezone.localdate()
    if cache is not None and cache[0] == day:
        return cache[1]
    answer = active_membership(user, day) is not None
    user._active_member_cache = (day, answer)
    return answer


def granted_roles(user: User | AnonymousUser) -> frozenset[Role]:
    """The roles granted by groups or staff status (one query, then cached on the user).

    Cheaper than `user_roles` because it leaves out membership: enough for questions
    like "must this user use two-factor sign-in?"."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_granted_roles_cache", None)
    if cached is not None:
        return cached
    group_names = set(user.groups.values_list("name", flat=True))
    roles = {role for role, group in ROLE_GROUPS.items() if group in group_names}
    if user.is_staff or user.is_superuser:
        roles.add(Role.STAFF)
    user._granted_roles_cache = frozenset(roles)
    return user._granted_roles_cache


def user_roles(user: User | AnonymousUser) -> frozenset[Role]:
    """Every role the user holds now; empty for anonymous visitors."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_roles_cache", None)
    if cached is not None:
        return cached
    roles = set(granted_roles(user))
    if is_active_member(user):
        roles.add(Role.MEMBER)
    user._roles_cache = frozenset(roles)
    return user._roles_cache


def has_role(user: User | AnonymousUser, role: Role) -> bool:
    return role in user_roles(user)


def is_teaching_staff(user: User | AnonymousUser) -> bool:
    """Instructors and staff: they author, teach and read every learner's work."""
    return has_role(user, Role.INSTRUCTOR) or has_role(user, Role.STAFF)


def teaching_staff_accounts() -> QuerySet[User]:
    """Active accounts of instructors and staff (by group, staff status or superuser)."""
    from django.db.models import Q

    groups = [ROLE_GROUPS[Role.INSTRUCTOR], ROLE_GROUPS[Role.STAFF]]
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=groups) | Q(is_staff=True) | Q(is_superuser=True))
        .distinct()
    )


def linkable_speaker_accounts(*, viewer: User) -> QuerySet[User]:
    """The accounts `viewer` may link a speaker profile to in the admin: staff, who manage
    accounts, may pick any active one; instructors only teaching staff (who may answer
    questions anyway), so the admin tells them nothing about learners and members."""
    if has_role(viewer, Role.STAFF):
        return User.objects.filter(is_active=True)
    return teaching_staff_accounts()


def account_label(user: User) -> str:
    """How the admin names an account to people who may not see its email address."""
    if user.display_name or user.get_full_name():
        return user.name
    return gettext("%(name)s (account %(number)s)") % {"name": user.name, "number": user.pk}


def membership_history(user: User) -> list[Membership]:
    return list(Membership.objects.filter(user=user).order_by("-valid_from"))
