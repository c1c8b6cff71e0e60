"""Paying an application: starting a payment at the amount shown, applying a provider's
confirmation once, and the treasurer confirming a bank transfer."""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from payments import PaymentStatus
from wagtail.log_actions import log

from members.models import User
from members.society.models import Application, ApplicationStatus, Invoice, Payment
from members.society.models.payments import PaymentMethod
from members.society.selectors.pricing import society_day
from members.society.services import notifications
from members.society.services.applications import ApplicationError, requote
from members.society.services.invoices import issue_invoice
from members.society.services.memberships import activate_membership

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)


class PriceChanged(ApplicationError):
    """The fee changed since it was shown (e.g. the promotion ended): show it again."""


class AmountMismatch(ApplicationError):
    """The amount to charge is not the amount shown; nothing is charged."""


def available_methods() -> list[tuple[str, StrOrPromise]]:
    return [
        (value, label)
        for value, label in PaymentMethod.choices
        if value in settings.PAYMENT_VARIANTS
    ]


def start_payment(
    *,
    application: Application,
    user: User,
    method: str,
    amount_shown: Decimal,
    at: datetime.datetime | None = None,
) -> Payment | None:
    """A new payment for exactly the amount the applicant saw. Refused when the price
    changed since (PriceChanged: the new price is saved and shown) or when the posted
    amount is not the one due (AmountMismatch). Earlier unfinished payments of the same
    application are left as they are: a late confirmation of one is applied once."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.user_id != user.pk:
            raise ApplicationError(_("This is not your application."))
        if application.status != ApplicationStatus.AWAITING_PAYMENT:
            raise ApplicationError(_("This application cannot be paid now."))
        if method not in settings.PAYMENT_VARIANTS:
            raise ApplicationError(_("Choose a payment method."))
        changed = requote(application=application, at=at)
    # Outside the block: the new price is kept when the change is reported.
    if changed:
        raise PriceChanged(
            _("The fee is now EUR %(amount)s. Please check the new amount and pay again.")
            % {"amount": application.amount_due}
        )
    if amount_shown != application.amount_due:
        raise AmountMismatch(
            _("The amount to pay is EUR %(amount)s, not EUR %(shown)s.")
            % {"amount": application.amount_due, "shown": amount_shown}
        )
    with transaction.atomic():
        if application.amount_due == 0:
            complete_application(application=application, payment=None, at=at)
            return None
        return Payment.objects.create(
            application=application,
            variant=method,
            total=application.amount_due,
            currency=application.currency,
            description=_("Society membership: %(category)s (%(reference)s)")
            % {
                "category": application.get_category_display(),
                "reference": application.bank_reference,
            },
            billing_first_name=application.first_name,
            billing_last_name=application.last_name,
            billing_email=user.email,
        )


def complete_application(
    *,
    application: Application,
    payment: Payment | None,
    at: datetime.datetime | None = None,
    by: User | None = None,
) -> Invoice:
    """Membership, invoice, emails: the application is paid."""
    at = at or timezone.now()
    today = society_day(at)
    membership, voucher = activate_membership(application=application, today=today, by=by)
    application.status = ApplicationStatus.PAID
    application.paid_at = at
    application.membership = membership
    application.save(update_fields=["status", "paid_at", "membership"])
    invoice = issue_invoice(
        application=application, membership=membership, payment=payment, paid_on=today
    )
    notifications.membership_confirmed(
        application=application, membership=membership, invoice=invoice, voucher=voucher
    )
    return invoice


def _refuse(payment: Payment, reason: str) -> None:
    payment.refusal = reason
    payment.save(update_fields=["refusal"])
    log(instance=payment.application, action="society.payment_refused", data={"reason": reason})
    logger.warning("payment %s not applied: %s", payment.pk, reason)


@transaction.atomic
def apply_confirmation(*, payment_id: int, by: User | None = None) -> bool:
    """Apply a confirmed payment to its application, once. Returns True when this call
    made (or extended) the membership; a repeated confirmation returns False."""
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    if payment.applied_at is not None or payment.refusal:
        return False  # already applied (or refused): a duplicate confirmation
    if payment.status != PaymentStatus.CONFIRMED:
        return False
    application = Application.objects.select_for_update().get(pk=payment.application_id)
    if application.status == ApplicationStatus.PAID:
        _refuse(payment, _("The application was already paid by another payment: refund."))
        return False
    if application.status != ApplicationStatus.AWAITING_PAYMENT:
        _refuse(payment, _("The application was not waiting for payment: refund."))
        return False
    charged = payment.captured_amount or payment.total
    if (
        payment.currency != application.currency
        or payment.total != application.amount_due
        or charged != application.amount_due
    ):
        _refuse(
            payment,
            _("Amount mismatch: charged %(charged)s %(currency)s, due %(due)s EUR.")
            % {"charged": charged, "currency": payment.currency, "due": application.amount_due},
        )
        return False
    payment.applied_at = timezone.now()
    payment.save(update_fields=["applied_at"])
    complete_application(application=application, payment=payment, by=by)
    return True


def on_payment_status_changed(sender: type[Payment], instance: Payment, **kwargs: object) -> None:
    """django-payments' status_changed signal: a confirmation makes the membership.

    The provider keeps using its own `instance` (and may save it again in full), so the
    fields written here are copied back onto it."""
    if instance.status != PaymentStatus.CONFIRMED:
        return
    apply_confirmation(payment_id=instance.pk)
    fresh = Payment.objects.get(pk=instance.pk)
    instance.applied_at = fresh.applied_at
    instance.refusal = fresh.refusal


@transaction.atomic
def mark_bank_transfer_received(
    *, payment: Payment, staff: User, amount: Decimal, received_on: datetime.date
) -> bool:
    """The treasurer saw the transfer on the bank statement. The amount received must be
    the amount due; a second click changes nothing."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.variant != PaymentMethod.BANK_TRANSFER:
        raise ApplicationError(_("This is not a bank transfer."))
    if payment.status == PaymentStatus.CONFIRMED:
        return False
    if amount != payment.total:
        raise AmountMismatch(
            _("EUR %(amount)s received, but EUR %(due)s are due: nothing was changed.")
            % {"amount": amount, "due": payment.total}
        )
    payment.received_by = staff
    payment.received_on = received_on
    payment.captured_amount = amount
    payment.save(update_fields=["received_by", "received_on", "captured_amount"])
    log(
        instance=payment.application,
        action="society.transfer_received",
        user=staff,
        data={"amount": str(amount), "received_on": received_on.isoformat()},
    )
    payment.status = PaymentStatus.CONFIRMED
    payment.save(update_fields=["status"])
    return apply_confirmation(payment_id=payment.pk, by=staff)
