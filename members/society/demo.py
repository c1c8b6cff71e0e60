"""Demo pricing (marked as demo data), a running promotion, and two applicants for the
treasurer: one paying by bank transfer, one junior waiting for approval.

The figures and words are in `demo_data/society.json` (the junior's proof of training
status is `demo_data/training-letter-demo.pdf`); this loader writes them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from wagtail.models import Site

from content import demo_files
from members.models import MembershipCategory
from members.society.models import (
    Application,
    BillingDetails,
    DiscountCode,
    Fee,
    MilestoneReward,
    Period,
    Profession,
    Promotion,
)
from members.society.selectors.pricing import price_table, society_day

DATA = Path(__file__).resolve().parent / "demo_data"
SOCIETY = DATA / "society.json"

CATEGORY = tuple(MembershipCategory.values)
SHAPE = {
    "fees": [{"category": CATEGORY, "period": tuple(Period.values), "amount": str}],
    "promotion": {
        "name": str,
        "category": CATEGORY,
        "period?": tuple(Period.values),
        "starts_days_before": int,
        "ends_days_after": int,
        "price": str,
    },
    "discount_codes": [
        {"code": str, "description": str, "percent_off": int, "max_uses": int, "category": CATEGORY}
    ],
    "milestone_rewards": [{"member_number": int, "percent_off": int, "description": str}],
    "billing": {
        "address": str,
        "registration": str,
        "bank_account_holder": str,
        "iban": str,
        "bic": str,
    },
    "applicants": [
        {
            "email": str,
            "display_name": str,
            "first_name": str,
            "last_name": str,
            "institution": str,
            "country": str,
            "profession": tuple(Profession.values),
            "category": CATEGORY,
            "period": tuple(Period.values),
            "pays_by?": str,
            "proof?": str,
        }
    ],
}


def data_files() -> list[Path]:
    return [SOCIETY]


def validate(data: dict[str, Any]) -> list[str]:
    found = demo_files.problems(data, SHAPE, SOCIETY.name)
    if found:
        return found
    amounts = [fee["amount"] for fee in data["fees"]] + [data["promotion"]["price"]]
    for amount in amounts:
        try:
            Decimal(amount)
        except ArithmeticError:
            found.append(f"{SOCIETY.name}: '{amount}' is not an amount in euro")
    for applicant in data["applicants"]:
        if "proof" in applicant and not (DATA / applicant["proof"]).is_file():
            found.append(f"{SOCIETY.name}: no proof file {applicant['proof']}")
    return found


def _pricing(data: dict[str, Any], today: datetime.date) -> None:
    start = datetime.date(today.year, 1, 1)
    for fee in data["fees"]:
        Fee.objects.update_or_create(
            category=fee["category"],
            period=fee["period"],
            effective_from=start,
            defaults={"amount": Decimal(fee["amount"])},
        )
    # The window always contains the day the demo is loaded.
    promotion = data["promotion"]
    Promotion.objects.update_or_create(
        name=promotion["name"],
        defaults={
            "category": promotion["category"],
            "period": promotion.get("period", ""),
            "starts_on": today - datetime.timedelta(days=promotion["starts_days_before"]),
            "ends_on": today + datetime.timedelta(days=promotion["ends_days_after"]),
            "price": Decimal(promotion["price"]),
            "active": True,
        },
    )
    for code in data["discount_codes"]:
        DiscountCode.objects.update_or_create(
            code=code["code"], defaults={k: v for k, v in code.items() if k != "code"}
        )
    for reward in data["milestone_rewards"]:
        MilestoneReward.objects.get_or_create(
            member_number=reward["member_number"],
            defaults={k: v for k, v in reward.items() if k != "member_number"},
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        billing = BillingDetails.for_site(site)
        if not billing.address:
            for key, value in data["billing"].items():
                setattr(billing, key, value)
            billing.save()


def _applicant(spec: dict[str, Any]) -> str | None:
    """The applicant's account and application; returns a new account's password."""
    from members.demo import create_demo_account
    from members.society.services.applications import ApplicantDetails, submit_application
    from members.society.services.payments import start_payment

    user, password = create_demo_account(
        spec["email"],
        spec["display_name"],
        [],
        None,
        False,
        first_name=spec["first_name"],
        last_name=spec["last_name"],
    )
    if Application.objects.filter(user=user).exists():
        return password
    proof = None
    if "proof" in spec:
        proof = ContentFile((DATA / spec["proof"]).read_bytes(), name=spec["proof"])
    application = submit_application(
        user=user,
        category=spec["category"],
        period=spec["period"],
        details=ApplicantDetails(
            spec["first_name"],
            spec["last_name"],
            spec["institution"],
            spec["country"],
            spec["profession"],
        ),
        consent_statutes=True,
        consent_privacy=True,
        proof=proof,
    )
    if "pays_by" in spec:
        start_payment(
            application=application,
            user=user,
            method=spec["pays_by"],
            amount_shown=application.amount_due,
        )
    return password


def load(stdout) -> None:
    data = demo_files.read(SOCIETY)
    demo_files.require(validate(data))
    today = society_day()
    _pricing(data, today)
    for spec in data["applicants"]:
        password = _applicant(spec)
        if password:
            stdout.write(f"  {spec['email']:32} {password}")
    stdout.write(f"Membership pricing (demo data), on {today:%d %B %Y} (EUR):")
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
