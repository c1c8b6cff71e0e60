"""Applying to join, and staff deciding on applications that need approval."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import User
from members.society.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    CodeRedemption,
    DiscountCode,
)
from members.society.models.applications import OPEN_STATUSES
from members.society.selectors.memberships import latest_membership, renewal_is_due
from members.society.selectors.pricing import (
    APPROVAL_CATEGORIES,
    Quote,
    check_code,
    quote,
    society_day,
)
from members.society.services import notifications

CONSENT_TEXT_VERSION = "2026-1"
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class ApplicationError(ValueError):
    """The application cannot be made or changed; the message says why (shown as is)."""


@dataclass(frozen=True)
class ApplicantDetails:
    first_name: str
    last_name: str
    institution: str
    country: str
    profession: str


def new_bank_reference() -> str:
    """A reference the applicant writes on the transfer (unambiguous letters only)."""
    while True:
        token = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"MEM-{token[:4]}-{token[4:]}"
        if not Application.objects.filter(bank_reference=reference).exists():
            return reference


def _redeem(*, application: Application, code: DiscountCode, day: datetime.date) -> None:
    """Count one use of the code, under a lock on the code: two applicants racing for
    its last use cannot both get it."""
    DiscountCode.objects.select_for_update().get(pk=code.pk)
    check_code(text=code.code, category=application.category, day=day)
    CodeRedemption.objects.create(code=code, application=application)


def _cancel_open_applications(*, user: User, kind: str) -> None:
    Application.objects.filter(user=user, kind=kind, status__in=OPEN_STATUSES).update(
        status=ApplicationStatus.CANCELLED
    )


def _apply_quote(application: Application, q: Quote) -> None:
    application.fee = q.fee
    application.promotion = q.promotion
    application.code = q.code
    application.list_price = q.list_price
    application.amount_due = q.amount
    application.currency = q.currency
    application.quoted_at = q.quoted_at


@transaction.atomic
def submit_application(
    *,
    user: User,
    category: str,
    period: str,
    details: ApplicantDetails,
    consent_statutes: bool,
    consent_privacy: bool,
    proof: UploadedFile | None = None,
    code_text: str = "",
    at: datetime.datetime | None = None,
) -> Application:
    """Record an application at the price quoted now. Junior/resident applications wait
    for staff approval; the others can be paid at once. An earlier open application of
    the same person is replaced (its code use is given back)."""
    at = at or timezone.now()
    if not (consent_statutes and consent_privacy):
        raise ApplicationError(_("Please accept the statutes and the privacy notice."))
    membership = latest_membership(user=user)
    today = society_day(at)
    if (
        membership is not None
        and membership.is_valid_on(today)
        and not renewal_is_due(membership=membership, on=today)
    ):
        raise ApplicationError(_("You are already a member: see your profile."))
    if category in APPROVAL_CATEGORIES and not proof:
        raise ApplicationError(_("Please upload a proof of your training status."))
    q = quote(category=category, period=period, code_text=code_text, at=at)
    _cancel_open_applications(user=user, kind=ApplicationKind.JOIN)
    application = Application(
        user=user,
        kind=ApplicationKind.JOIN,
        category=category,
        period=period,
        status=(
            ApplicationStatus.AWAITING_APPROVAL
            if category in APPROVAL_CATEGORIES
            else ApplicationStatus.AWAITING_PAYMENT
        ),
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        institution=details.institution.strip(),
        country=details.country.strip(),
        profession=details.profession,
        consent_statutes=True,
        consent_privacy=True,
        consent_text_version=CONSENT_TEXT_VERSION,
        bank_reference=new_bank_reference(),
    )
    _apply_quote(application, q)
    if proof and category in APPROVAL_CATEGORIES:
        application.proof.save(proof.name, proof, save=False)
    application.save()
    if q.code is not None:
        _redeem(application=application, code=q.code, day=society_day(q.quoted_at))
    return application


def requote(*, application: Application, at: datetime.datetime | None = None) -> bool:
    """Price the open application again (the promotion may have ended, the fee changed);
    returns True when the amount changed. The code keeps its counted use."""
    at = at or timezone.now()
    q = quote(
        category=application.category,
        period=application.period,
        kind=application.kind,
        at=at,
    )
    amount = q.amount
    if application.code is not None:
        from decimal import ROUND_HALF_UP, Decimal

        amount = (amount * (100 - application.code.percent_off) / 100).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    changed = amount != application.amount_due
    if changed:
        code = application.code
        _apply_quote(application, q)
        application.code = code
        application.amount_due = amount
        application.save()
    return changed


def _decide(*, application: Application, staff: User, message: str, approve: bool) -> None:
    if application.status != ApplicationStatus.AWAITING_APPROVAL:
        raise ApplicationError(_("This application is not waiting for a decision."))
    if not approve and not message.strip():
        raise ApplicationError(_("Please tell the applicant why the application is declined."))
    application.status = (
        ApplicationStatus.AWAITING_PAYMENT if approve else ApplicationStatus.DECLINED
    )
    application.decision_message = message.strip()
    application.decided_by = staff
    application.decided_at = timezone.now()
    application.save()
    log(
        instance=application,
        action="society.approve" if approve else "society.decline",
        user=staff,
        data={"message": application.decision_message},
    )
    notifications.application_decided(application=application)


@transaction.atomic
def approve_application(*, application: Application, staff: User, message: str = "") -> None:
    _decide(application=application, staff=staff, message=message, approve=True)


@transaction.atomic
def decline_application(*, application: Application, staff: User, message: str) -> None:
    _decide(application=application, staff=staff, message=message, approve=False)
    CodeRedemption.objects.filter(application=application).delete()


@transaction.atomic
def start_renewal(*, user: User, at: datetime.datetime | None = None) -> Application:
    """One click: a renewal application for the member's category and period at the
    current fee, ready to pay (no approval again)."""
    at = at or timezone.now()
    membership = latest_membership(user=user)
    if membership is None or membership.valid_until is None:
        raise ApplicationError(_("There is no membership to renew."))
    if not renewal_is_due(membership=membership, on=society_day(at)):
        raise ApplicationError(_("Your membership is not due for renewal yet."))
    from members.society.selectors.memberships import renewal_period

    period = renewal_period(membership=membership)
    q = quote(category=membership.category, period=period, kind=ApplicationKind.RENEWAL, at=at)
    previous = (
        Application.objects.filter(user=user, membership=membership)
        .exclude(first_name="")
        .order_by("-created_at")
        .first()
    )
    _cancel_open_applications(user=user, kind=ApplicationKind.RENEWAL)
    application = Application(
        user=user,
        kind=ApplicationKind.RENEWAL,
        category=membership.category,
        period=period,
        status=ApplicationStatus.AWAITING_PAYMENT,
        first_name=previous.first_name if previous else user.first_name or user.name,
        last_name=previous.last_name if previous else user.last_name,
        institution=previous.institution if previous else "",
        country=previous.country if previous else "",
        profession=previous.profession if previous else "other",
        consent_statutes=True,
        consent_privacy=True,
        consent_text_version=CONSENT_TEXT_VERSION,
        bank_reference=new_bank_reference(),
        membership=membership,
    )
    _apply_quote(application, q)
    application.save()
    return application
