"""Certificates: due once the course (and its evaluation) is complete; issued once."""

from __future__ import annotations

import secrets
from decimal import ROUND_FLOOR, Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import Certificate, CourseEvaluation, CoursePage, Enrolment
from members.models import User


def certificate_due(*, user: User, course: CoursePage) -> bool:
    if Certificate.objects.filter(user=user, course=course).exists():
        return False
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None or enrolment.completed_at is None:
        return False
    if course.requires_evaluation:
        return CourseEvaluation.objects.filter(user=user, course=course).exists()
    return True


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
                    learner_name=user.name,
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
