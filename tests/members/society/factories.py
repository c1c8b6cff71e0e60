"""Builders for membership-lifecycle tests: fees, promotions, codes, applications.

Expected values in the tests are written out by hand (fees, dates, numbers), never
computed by the code under test."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from members.models import MembershipCategory
from members.society.models import DiscountCode, Fee, Period, Promotion
from members.society.services.applications import ApplicantDetails, submit_application
from tests.factories import UserFactory

LONG_AGO = datetime.date(2000, 1, 1)
PDF = b"%PDF-1.4\n%%EOF\n"


def fee(
    category=MembershipCategory.FULL, period=Period.CALENDAR_YEAR, amount="120.00", since=LONG_AGO
):
    return Fee.objects.create(
        category=category, period=period, amount=Decimal(amount), effective_from=since
    )


def standard_fees() -> None:
    """Full 120/130, junior 40/45, associate 60/65 (calendar year / 12 months)."""
    for category, amounts in (
        (MembershipCategory.FULL, ("120.00", "130.00")),
        (MembershipCategory.JUNIOR, ("40.00", "45.00")),
        (MembershipCategory.ASSOCIATE, ("60.00", "65.00")),
    ):
        fee(category, Period.CALENDAR_YEAR, amounts[0])
        fee(category, Period.TWELVE_MONTHS, amounts[1])


def promotion(starts_on, ends_on, price="10.00", category="", period="", **kwargs):
    return Promotion.objects.create(
        name="ECR promotional fee",
        starts_on=starts_on,
        ends_on=ends_on,
        price=Decimal(price),
        category=category,
        period=period,
        **kwargs,
    )


def code(text="WELCOME", percent_off=25, max_uses=None, **kwargs):
    return DiscountCode.objects.create(
        code=text, percent_off=percent_off, max_uses=max_uses, **kwargs
    )


def details(last_name="Rossi") -> ApplicantDetails:
    return ApplicantDetails("Maria", last_name, "Ospedale Demo", "Italy", "radiologist")


def application(user=None, category=MembershipCategory.FULL, period=Period.CALENDAR_YEAR, **kwargs):
    if category == MembershipCategory.JUNIOR and "proof" not in kwargs:
        kwargs["proof"] = ContentFile(PDF, name="letter.pdf")
    return submit_application(
        user=user or UserFactory(),
        category=category,
        period=period,
        details=kwargs.pop("details", details()),
        consent_statutes=True,
        consent_privacy=True,
        **kwargs,
    )
