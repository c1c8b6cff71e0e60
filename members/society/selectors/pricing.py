"""What a membership costs now: fee, promotion, code. Reads only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import MembershipCategory
from members.society.models import (
    CURRENCY,
    ApplicationKind,
    ApplicationStatus,
    DiscountCode,
    Fee,
    Period,
    Promotion,
)

CENT = Decimal("0.01")
# Categories a person can apply for online (honorary membership is by invitation only).
OPEN_CATEGORIES = (
    MembershipCategory.FULL,
    MembershipCategory.JUNIOR,
    MembershipCategory.ASSOCIATE,
)
# Categories whose applications staff approve (proof of training status).
APPROVAL_CATEGORIES = (MembershipCategory.JUNIOR,)


class PricingError(ValueError):
    """No price can be quoted (no fee set, category not open); the message says why."""


class CodeError(PricingError):
    """The discount code cannot be used; the message says why."""


@dataclass(frozen=True)
class Quote:
    category: str
    period: str
    kind: str
    fee: Fee
    list_price: Decimal
    promotion: Promotion | None
    code: DiscountCode | None
    amount: Decimal
    quoted_at: datetime.datetime
    currency: str = CURRENCY

    @property
    def saving(self) -> Decimal:
        return self.list_price - self.amount


def society_zone() -> ZoneInfo:
    return ZoneInfo(settings.SOCIETY_TIME_ZONE)


def society_day(at: datetime.datetime | None = None) -> datetime.date:
    """The calendar day at the society's seat at the instant `at` (now)."""
    return (at or timezone.now()).astimezone(society_zone()).date()


def current_fee(*, category: str, period: str, day: datetime.date) -> Fee | None:
    return (
        Fee.objects.filter(category=category, period=period, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def current_promotion(
    *, category: str, period: str, kind: str, day: datetime.date
) -> Promotion | None:
    """The cheapest promotion whose window contains `day` (whole days, society time)."""
    promotions = Promotion.objects.filter(
        Q(category="") | Q(category=category),
        Q(period="") | Q(period=period),
        active=True,
        starts_on__lte=day,
        ends_on__gte=day,
    )
    if kind == ApplicationKind.RENEWAL:
        promotions = promotions.filter(for_renewals=True)
    return promotions.order_by("price", "pk").first()


def code_uses(code: DiscountCode) -> int:
    """Uses counted against the limit: open or paid applications."""
    return code.redemptions.exclude(
        application__status__in=[ApplicationStatus.CANCELLED, ApplicationStatus.DECLINED]
    ).count()


def check_code(*, text: str, category: str, day: datetime.date) -> DiscountCode:
    code = DiscountCode.objects.filter(code=text.strip().upper(), active=True).first()
    if code is None:
        raise CodeError(_("This code does not exist or is no longer active."))
    if code.valid_from and day < code.valid_from:
        raise CodeError(_("This code can be used from %(day)s.") % {"day": code.valid_from})
    if code.valid_until and day > code.valid_until:
        raise CodeError(_("This code expired on %(day)s.") % {"day": code.valid_until})
    if code.category and code.category != category:
        raise CodeError(
            _("This code is for the %(category)s category only.")
            % {"category": code.get_category_display()}
        )
    if code.max_uses is not None and code_uses(code) >= code.max_uses:
        raise CodeError(_("This code has been used as often as it may be."))
    return code


def quote(
    *,
    category: str,
    period: str,
    kind: str = ApplicationKind.JOIN,
    code_text: str = "",
    at: datetime.datetime | None = None,
) -> Quote:
    """The price for this category and period at the instant `at` (now): the fee, a
    promotional fee if one is running (and cheaper), then a code's percentage off."""
    at = at or timezone.now()
    if category not in OPEN_CATEGORIES:
        raise PricingError(_("Honorary membership is by invitation only."))
    if period not in Period.values:
        raise PricingError(_("Choose a membership period."))
    day = society_day(at)
    fee = current_fee(category=category, period=period, day=day)
    if fee is None:
        raise PricingError(_("No fee is set for this category and period yet."))
    price = fee.amount
    promotion = current_promotion(category=category, period=period, kind=kind, day=day)
    if promotion is not None and promotion.price < price:
        price = promotion.price
    else:
        promotion = None
    code = None
    if code_text.strip():
        code = check_code(text=code_text, category=category, day=day)
        price = (price * (100 - code.percent_off) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return Quote(
        category=category,
        period=period,
        kind=kind,
        fee=fee,
        list_price=fee.amount,
        promotion=promotion,
        code=code,
        amount=price.quantize(CENT),
        quoted_at=at,
    )


@dataclass(frozen=True)
class PriceRow:
    category: str
    category_label: str
    period: str
    period_label: str
    list_price: Decimal
    price: Decimal
    promotion: Promotion | None
    needs_approval: bool


def price_table(*, at: datetime.datetime | None = None) -> list[PriceRow]:
    """Every open category and period with a fee, at today's prices (for the join page)."""
    rows = []
    labels = dict(MembershipCategory.choices)
    for category in OPEN_CATEGORIES:
        for period, period_label in Period.choices:
            try:
                q = quote(category=category, period=period, at=at)
            except PricingError:
                continue
            rows.append(
                PriceRow(
                    category=category,
                    category_label=str(labels[category]),
                    period=period,
                    period_label=str(period_label),
                    list_price=q.list_price,
                    price=q.amount,
                    promotion=q.promotion,
                    needs_approval=category in APPROVAL_CATEGORIES,
                )
            )
    return rows
