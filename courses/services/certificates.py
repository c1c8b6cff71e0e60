"""Certificates: due once the course (and its evaluation) is complete; issued once."""

from __future__ import annotations

import secrets
from decimal import ROUND_FLOOR, Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Certificate, CourseEvaluation, CoursePage, Enrolment
from courses.services.errors import CourseError
from members.models import User


def certificate_due(*, user: User, course: CoursePage) -> bool:
    """Due once the course is complete, evaluated where required, and the learner has
    confirmed the name it prints."""
    enrolment = awaiting_name_confirmation(user=user, course=course)
    return enrolment is not None and bool(enrolment.certificate_name)


def awaiting_name_confirmation(*, user: User, course: CoursePage) -> Enrolment | None:
    """The enrolment whose certificate waits for nothing but (perhaps) the learner's
    confirmation of their name: complete, evaluated where required, not yet issued."""
    if Certificate.objects.filter(user=user, course=course).exists():
        return None
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None or enrolment.completed_at is None:
        return None
    if (
        course.requires_evaluation
        and not CourseEvaluation.objects.filter(user=user, course=course).exists()
    ):
        return None
    return enrolment


@transaction.atomic
def confirm_certificate_name(*, user: User, course: CoursePage, name: str) -> Enrolment:
    """The learner confirms (or corrects) the name their certificate prints; the
    certificate is then issued (through the outbox: a broker that is down delays it). The
    name becomes the profile's "name on certificates" for the next one too."""
    from outbox.services import enqueue

    name = " ".join(name.split())
    if not name:
        raise CourseError(_("Enter the name to print on your certificate."))
    enrolment = awaiting_name_confirmation(user=user, course=course)
    if enrolment is None:
        raise CourseError(
            _("This certificate is issued already, or the course is not complete yet.")
        )
    enrolment.certificate_name = name
    enrolment.save(update_fields=["certificate_name"])
    if user.display_name != name:
        user.display_name = name
        user.save(update_fields=["display_name"])
    enqueue(task="courses.issue_certificate", kwargs={"user_id": user.id, "course_id": course.id})
    return enrolment


def claimed_credits(*, course: CoursePage, hours_spent: Decimal | None) -> Decimal:
    """ECMEC: the course's credits, capped by the hours the learner says they spent."""
    ecmec = course.cme_credits
    if hours_spent is not None:
        claimed = (Decimal(hours_spent) * 2).to_integral_value(rounding=ROUND_FLOOR) / 2
        ecmec = min(ecmec, claimed)
    return ecmec


def new_verification_code() -> str:
    return secrets.token_urlsafe(12)  # 16 URL-safe characters, 96 bits


def issue_certificate(*, user: User, course: CoursePage, provider: str) -> Certificate | None:
    """Issue the certificate once (idempotent); None while it is not yet due."""
    from courses.pdf import render_certificate_pdf

    with transaction.atomic():
        existing = Certificate.objects.filter(user=user, course=course).first()
        if existing is not None:
            return existing
        if not certificate_due(user=user, course=course):
            return None
        enrolment = Enrolment.objects.get(user=user, course=course)
        evaluation = CourseEvaluation.objects.filter(user=user, course=course).first()
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    user=user,
                    course=course,
                    code=new_verification_code(),
                    learner_name=enrolment.certificate_name,
                    course_title=course.title,
                    credits=claimed_credits(
                        course=course, hours_spent=evaluation.hours_spent if evaluation else None
                    ),
                    accreditation_number=course.accreditation_number,
                    provider=provider,
                    completed_on=timezone.localdate(enrolment.completed_at),
                )
        except IntegrityError:
            return Certificate.objects.get(user=user, course=course)
        certificate.pdf.save(
            f"{certificate.code}.pdf", ContentFile(render_certificate_pdf(certificate)), save=True
        )
    return certificate
