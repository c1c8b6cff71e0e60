"""Issuing the invoice (receipt) of a paid application, with a sequential number."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Site

from members.models import Membership
from members.society.models import Application, BillingDetails, Invoice, Payment
from members.society.selectors.pricing import CENT
from members.society.services.numbering import next_invoice_number


def _society_details() -> tuple[str, str, BillingDetails | None]:
    from content.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.SITE_NAME, "", None
    society = SiteSettings.for_site(site)
    return society.society_name, society.contact_email, BillingDetails.for_site(site)


def vat_split(gross: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(rate, net, vat) of a gross amount at settings.SOCIETY_VAT_RATE percent."""
    rate = Decimal(str(settings.SOCIETY_VAT_RATE))
    net = (gross * 100 / (100 + rate)).quantize(CENT)
    return rate, net, gross - net


def describe(application: Application, membership: Membership) -> str:
    text = _("Membership fee, %(category)s, %(start)s to %(end)s") % {
        "category": membership.get_category_display(),
        "start": f"{membership.valid_from:%d %b %Y}",
        "end": f"{membership.valid_until:%d %b %Y}" if membership.valid_until else "—",
    }
    if application.promotion_id and application.promotion is not None:
        text += " · " + _("promotion: %(name)s") % {"name": application.promotion.name}
    if application.code_id and application.code is not None:
        text += " · " + _("code %(code)s") % {"code": application.code.code}
    return text


def issue_invoice(
    *,
    application: Application,
    membership: Membership,
    payment: Payment | None,
    paid_on: datetime.date,
) -> Invoice:
    seller, email, billing = _society_details()
    rate, net, vat = vat_split(application.amount_due)
    method = payment.get_variant_display() if payment else _("No payment due")
    return Invoice.objects.create(
        number=next_invoice_number(year=paid_on.year),
        issued_on=paid_on,
        user=application.user,
        application=application,
        payment=payment,
        membership_number=membership.number,
        buyer_name=application.full_name,
        buyer_institution=application.institution,
        buyer_country=application.country,
        description=describe(application, membership),
        net_amount=net,
        vat_rate=rate,
        vat_amount=vat,
        gross_amount=application.amount_due,
        currency=application.currency,
        vat_statement=settings.SOCIETY_VAT_EXEMPT_STATEMENT if rate == 0 else "",
        payment_method=str(method),
        paid_on=paid_on,
        seller_name=seller,
        seller_address=billing.address if billing else "",
        seller_registration=billing.registration if billing else "",
        seller_vat_number=billing.vat_number if billing else "",
        seller_email=email,
    )
