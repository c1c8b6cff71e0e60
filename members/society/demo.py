"""Demo pricing (marked as demo data), a running promotion, and two applicants for the
treasurer: one paying by bank transfer, one junior waiting for approval."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from wagtail.models import Site

from members.models import MembershipCategory
from members.society.models import (
    Application,
    BillingDetails,
    DiscountCode,
    Fee,
    MilestoneReward,
    Period,
    Promotion,
)
from members.society.selectors.pricing import price_table, society_day

DEMO_NOTE = "(demo data)"
DEMO_PROMOTION = f"Promotional fee: 10 euro {DEMO_NOTE}"
# (category, period, EUR): demo figures, not a real society's fees.
DEMO_FEES = [
    (MembershipCategory.FULL, Period.CALENDAR_YEAR, "120.00"),
    (MembershipCategory.FULL, Period.TWELVE_MONTHS, "130.00"),
    (MembershipCategory.JUNIOR, Period.CALENDAR_YEAR, "40.00"),
    (MembershipCategory.JUNIOR, Period.TWELVE_MONTHS, "45.00"),
    (MembershipCategory.ASSOCIATE, Period.CALENDAR_YEAR, "60.00"),
    (MembershipCategory.ASSOCIATE, Period.TWELVE_MONTHS, "65.00"),
]
# A one-page PDF standing in for a trainee's proof of training status.
DEMO_PROOF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _pricing(today: datetime.date) -> None:
    start = datetime.date(today.year, 1, 1)
    for category, period, amount in DEMO_FEES:
        Fee.objects.update_or_create(
            category=category,
            period=period,
            effective_from=start,
            defaults={"amount": Decimal(amount)},
        )
    # The window always contains the day the demo is loaded.
    Promotion.objects.update_or_create(
        name=DEMO_PROMOTION,
        defaults={
            "category": MembershipCategory.FULL,
            "period": "",
            "starts_on": today - datetime.timedelta(days=3),
            "ends_on": today + datetime.timedelta(days=7),
            "price": Decimal("10.00"),
            "active": True,
        },
    )
    DiscountCode.objects.update_or_create(
        code="DEMO-TRAINEE",
        defaults={
            "description": f"20% off for trainees of a partner programme {DEMO_NOTE}",
            "percent_off": 20,
            "max_uses": 5,
            "category": MembershipCategory.JUNIOR,
        },
    )
    MilestoneReward.objects.get_or_create(
        member_number=100,
        defaults={"percent_off": 50, "description": "50% off your next event registration"},
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        billing = BillingDetails.for_site(site)
        if not billing.address:
            billing.address = "Demo Street 1\n1000 Brussels\nBelgium " + DEMO_NOTE
            billing.registration = "Non-profit association, demo register no. 0000.000.000"
            billing.bank_account_holder = "Demo Society of Imaging Informatics " + DEMO_NOTE
            billing.iban = "BE68 5390 0754 7034"
            billing.bic = "DEMOBEBB"
            billing.save()


def _applicants(stdout) -> None:
    from members.demo import create_demo_account
    from members.society.services.applications import ApplicantDetails, submit_application
    from members.society.services.payments import start_payment

    created = []
    transfer_user, password = create_demo_account(
        "applicant@demo.academy.test", "Dr Bea Banktransfer (demo)", [], None, False
    )
    if password:
        created.append((transfer_user.email, password))
    if not Application.objects.filter(user=transfer_user).exists():
        application = submit_application(
            user=transfer_user,
            category=MembershipCategory.ASSOCIATE,
            period=Period.CALENDAR_YEAR,
            details=ApplicantDetails(
                "Bea", "Banktransfer (demo)", "Demo Hospital", "Belgium", "engineer"
            ),
            consent_statutes=True,
            consent_privacy=True,
        )
        start_payment(
            application=application,
            user=transfer_user,
            method="sepa",
            amount_shown=application.amount_due,
        )
    trainee, password = create_demo_account(
        "trainee@demo.academy.test", "Dr Tom Trainee (demo)", [], None, False
    )
    if password:
        created.append((trainee.email, password))
    if not Application.objects.filter(user=trainee).exists():
        submit_application(
            user=trainee,
            category=MembershipCategory.JUNIOR,
            period=Period.TWELVE_MONTHS,
            details=ApplicantDetails(
                "Tom", "Trainee (demo)", "Demo University Hospital", "Italy", "resident"
            ),
            consent_statutes=True,
            consent_privacy=True,
            proof=ContentFile(DEMO_PROOF, name="training-letter-demo.pdf"),
        )
    for email, password in created:
        stdout.write(f"  {email:32} {password}")


def load(stdout) -> None:
    today = society_day()
    _pricing(today)
    _applicants(stdout)
    stdout.write(f"Membership pricing {DEMO_NOTE}, on {today:%d %B %Y} (EUR):")
    for row in price_table():
        promo = (
            f"  <- {row.promotion.name}, {row.promotion.starts_on} to {row.promotion.ends_on}"
            if row.promotion
            else ""
        )
        stdout.write(
            f"  {row.category_label:28} {row.period_label:34} {row.price:>7}"
            f" (fee {row.list_price}){promo}"
        )
    stdout.write(
        "Treasurer's queue: a bank transfer to mark as received (applicant@demo.academy.test) "
        "and a junior application to approve (trainee@demo.academy.test): Admin > Society."
    )
