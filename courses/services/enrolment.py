"""Enrolment: a learner enrols themselves, or an instructor enrols a cohort by email."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext

from courses.models import CoursePage, Enrolment
from courses.services.errors import CourseError
from members.models import User


def enrol(
    *,
    user: User,
    course: CoursePage,
    by: User | None = None,
    deadline: datetime.date | None = None,
) -> Enrolment:
    """Enrol `user` (idempotent); a cohort enrolment may set or move the deadline."""
    enrolment, created = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"enrolled_by": by or user, "deadline": deadline}
    )
    if not created and deadline and enrolment.deadline != deadline:
        enrolment.deadline = deadline
        enrolment.save(update_fields=["deadline"])
    return enrolment


def parse_cohort_emails(*, text: str) -> tuple[list[User], list[str]]:
    """One email per line -> users, or a message per bad line (with its line number)."""
    users: list[User] = []
    errors: list[str] = []
    seen: set[str] = set()
    lines = text.splitlines()
    if len(lines) > 1000:
        return [], [gettext("Paste at most 1000 lines at a time.")]
    for number, raw in enumerate(lines, start=1):
        email = raw.strip().strip(",;").strip()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                gettext("Line %(number)s: '%(email)s' is not a valid email address.")
                % {"number": number, "email": email[:80]}
            )
            continue
        key = email.lower()
        if key in seen:
            continue
        seen.add(key)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            errors.append(
                gettext("Line %(number)s: no account uses %(email)s.")
                % {"number": number, "email": email}
            )
            continue
        users.append(user)
    if not users and not errors:
        errors.append(gettext("Paste at least one email address."))
    return users, errors


@transaction.atomic
def enrol_cohort(
    *, course: CoursePage, users: list[User], by: User, deadline: datetime.date | None = None
) -> list[Enrolment]:
    return [enrol(user=user, course=course, by=by, deadline=deadline) for user in users]


def require_enrolment(*, user: User, course: CoursePage | None) -> Enrolment:
    if course is None:
        raise CourseError(gettext("This lesson is not part of a course."))
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        raise CourseError(gettext("Enrol in the course first."))
    return enrolment
