"""Fees per category and period, promotions with a window that starts and ends at
midnight in the society's time zone, discount codes with limits."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from members.models import MembershipCategory
from members.society.models import ApplicationKind, ApplicationStatus, Period
from members.society.selectors.pricing import CodeError, PricingError, quote
from tests.members.society import factories

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOW = datetime.datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fees(settings):
    settings.SOCIETY_TIME_ZONE = "Europe/Amsterdam"
    factories.standard_fees()


@pytest.mark.parametrize(
    ("category", "period", "expected"),
    [
        (MembershipCategory.FULL, Period.CALENDAR_YEAR, "120.00"),
        (MembershipCategory.FULL, Period.TWELVE_MONTHS, "130.00"),
        (MembershipCategory.JUNIOR, Period.CALENDAR_YEAR, "40.00"),
        (MembershipCategory.JUNIOR, Period.TWELVE_MONTHS, "45.00"),
        (MembershipCategory.ASSOCIATE, Period.CALENDAR_YEAR, "60.00"),
        (MembershipCategory.ASSOCIATE, Period.TWELVE_MONTHS, "65.00"),
    ],
)
def test_the_fee_depends_on_category_and_period(category, period, expected):
    assert quote(category=category, period=period, at=NOW).amount == Decimal(expected)


def test_a_new_fee_applies_from_its_day_on():
    factories.fee(amount="150.00", since=datetime.date(2027, 2, 1))
    before = datetime.datetime(2027, 1, 31, 12, tzinfo=UTC)
    after = datetime.datetime(2027, 2, 1, 12, tzinfo=UTC)
    assert quote(category="full", period="calendar_year", at=before).amount == Decimal("120.00")
    assert quote(category="full", period="calendar_year", at=after).amount == Decimal("150.00")


def test_honorary_membership_has_no_price_it_is_by_invitation():
    with pytest.raises(PricingError, match="invitation"):
        quote(category=MembershipCategory.HONORARY, period="calendar_year", at=NOW)


def test_no_fee_set_is_a_clear_error():
    from members.society.models import Fee

    Fee.objects.filter(category="associate").delete()
    with pytest.raises(PricingError, match="No fee"):
        quote(category="associate", period="calendar_year", at=NOW)


# The newsletter's case: "10 Euro from February 26th to March 5th". Amsterdam is UTC+1
# in winter, so its midnight is 23:00 UTC the evening before.
@pytest.mark.parametrize(
    ("instant_utc", "expected"),
    [
        (datetime.datetime(2027, 2, 25, 22, 59, 59, tzinfo=UTC), "120.00"),  # 23:59:59 on 25 Feb
        (datetime.datetime(2027, 2, 25, 23, 0, 0, tzinfo=UTC), "10.00"),  # midnight, 26 Feb
        (datetime.datetime(2027, 3, 5, 22, 59, 59, tzinfo=UTC), "10.00"),  # 23:59:59 on 5 Mar
        (datetime.datetime(2027, 3, 5, 23, 0, 0, tzinfo=UTC), "120.00"),  # midnight, 6 Mar
    ],
    ids=["second-before-start", "start", "last-second", "end"],
)
def test_promotion_window_starts_and_ends_at_midnight_in_the_society_time_zone(
    instant_utc, expected
):
    factories.promotion(datetime.date(2027, 2, 26), datetime.date(2027, 3, 5))
    q = quote(category="full", period="calendar_year", at=instant_utc)
    assert q.amount == Decimal(expected)
    assert q.list_price == Decimal("120.00")
    assert (q.promotion is not None) is (expected == "10.00")


def test_the_society_time_zone_is_a_setting(settings):
    factories.promotion(datetime.date(2027, 2, 26), datetime.date(2027, 3, 5))
    late_evening_utc = datetime.datetime(2027, 2, 25, 23, 30, tzinfo=UTC)
    assert late_evening_utc.astimezone(ZoneInfo("Europe/Amsterdam")).day == 26
    assert quote(category="full", period="calendar_year", at=late_evening_utc).amount == 10
    settings.SOCIETY_TIME_ZONE = "Europe/Lisbon"  # UTC+0 in winter: still 25 February
    assert quote(category="full", period="calendar_year", at=late_evening_utc).amount == 120


def test_a_promotion_only_applies_to_its_category_and_to_joining():
    factories.promotion(datetime.date(2027, 1, 1), datetime.date(2027, 1, 31), category="full")
    assert quote(category="full", period="twelve_months", at=NOW).amount == Decimal("10.00")
    assert quote(category="junior", period="twelve_months", at=NOW).amount == Decimal("45.00")
    renewal = quote(category="full", period="twelve_months", kind=ApplicationKind.RENEWAL, at=NOW)
    assert renewal.amount == Decimal("130.00")


def test_a_promotion_dearer_than_the_fee_is_ignored():
    factories.promotion(datetime.date(2027, 1, 1), datetime.date(2027, 1, 31), price="50.00")
    q = quote(category="junior", period="calendar_year", at=NOW)
    assert q.amount == Decimal("40.00") and q.promotion is None


def test_a_code_takes_its_percentage_off():
    factories.code("WELCOME", percent_off=25)
    q = quote(category="full", period="calendar_year", code_text=" welcome ", at=NOW)
    assert q.amount == Decimal("90.00")
    assert q.code.code == "WELCOME"


def test_a_code_is_used_at_most_max_uses_times_and_a_withdrawn_use_comes_back():
    factories.code("TWICE", percent_off=50, max_uses=2)
    first = factories.application(code_text="TWICE")
    factories.application(code_text="TWICE")
    assert first.amount_due == Decimal("60.00")
    with pytest.raises(CodeError, match="used as often"):
        factories.application(code_text="TWICE")
    first.status = ApplicationStatus.CANCELLED
    first.save()
    assert factories.application(code_text="TWICE").amount_due == Decimal("60.00")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"valid_until": datetime.date(2027, 1, 14)}, "expired"),
        ({"valid_from": datetime.date(2027, 1, 16)}, "can be used from"),
        ({"category": "junior"}, "category only"),
        ({"active": False}, "does not exist"),
    ],
    ids=["expired", "not-yet", "other-category", "inactive"],
)
def test_a_code_outside_its_rules_is_refused_with_a_reason(kwargs, message):
    factories.code("RULES", **kwargs)
    with pytest.raises(CodeError, match=message):
        quote(category="full", period="calendar_year", code_text="RULES", at=NOW)
