"""Upcoming webinars: registrations and the webinar page."""

from __future__ import annotations

from django.utils import timezone

from content.webinars.models import (
    WebinarAccess,
    WebinarPage,
    WebinarRegistration,
)
from members.models import User

from .recordings import AnyUser, is_member_or_teacher

# --- Webinars -----------------------------------------------------------------------------


def registration_count(webinar: WebinarPage) -> int:
    return WebinarRegistration.objects.filter(webinar=webinar).count()


def is_registered(user: AnyUser, webinar: WebinarPage) -> bool:
    if not user.is_authenticated:
        return False
    return WebinarRegistration.objects.filter(webinar=webinar, user=user).exists()


def may_register(user: AnyUser, webinar: WebinarPage) -> bool:
    """Members (and teachers) may register; anyone signed in when the webinar is public."""
    if not user.is_authenticated:
        return False
    return webinar.access == WebinarAccess.PUBLIC or is_member_or_teacher(user)


def webinar_context(webinar: WebinarPage, user: AnyUser) -> dict:
    taken = registration_count(webinar)
    registered = is_registered(user, webinar)
    return {
        "registered": registered,
        "seats_left": max(webinar.capacity - taken, 0),
        "is_full": taken >= webinar.capacity,
        "may_register": may_register(user, webinar),
        "is_past": webinar.end <= timezone.now(),
        "show_join_url": registered and bool(webinar.join_url),
        "speakers": webinar.speakers,
    }


def registrations_of(user: User) -> dict[str, list[WebinarRegistration]]:
    """A learner's webinar registrations (live webinars), upcoming first by start, then
    the past ones, latest first: one query."""
    now = timezone.now()
    registrations = list(
        WebinarRegistration.objects.filter(user=user, webinar__live=True)
        .select_related("webinar")
        .order_by("webinar__start")
    )
    return {
        "upcoming": [r for r in registrations if r.webinar.end >= now],
        "past": [r for r in registrations if r.webinar.end < now][::-1],
    }
