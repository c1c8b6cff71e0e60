"""Admin listings whose CSV export cannot smuggle spreadsheet formulas (CSV injection)."""

from __future__ import annotations

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import IndexView

from members.models import Membership, MembershipCategory, MembershipStatus, grace_period

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A text cell starting like a formula is prefixed with a quote; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvSafeIndexView(IndexView):
    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_safe(value) if export_format == self.FORMAT_CSV else value


def _month_bounds(
    today: datetime.date, months_ahead: int = 0
) -> tuple[datetime.date, datetime.date]:
    year, month = today.year, today.month + months_ahead
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


class MembershipFilterSet(WagtailFilterSet):
    EXPIRING_CHOICES = [
        ("this_month", _("This month")),
        ("next_month", _("Next month")),
        ("in_grace", _("Ended, in the grace period")),
        ("lapsed", _("Ended, after the grace period")),
    ]
    category = django_filters.ChoiceFilter(label=_("Category"), choices=MembershipCategory.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MembershipStatus.choices)
    expiring = django_filters.ChoiceFilter(
        label=_("Expiring"), choices=EXPIRING_CHOICES, method="filter_expiring"
    )

    class Meta:
        model = Membership
        fields = ["category", "status"]

    def filter_expiring(self, queryset, name, value):
        today = timezone.localdate()
        if value in ("this_month", "next_month"):
            first, last = _month_bounds(today, 0 if value == "this_month" else 1)
            return queryset.filter(valid_until__gte=first, valid_until__lte=last)
        if value == "in_grace":
            return queryset.filter(valid_until__lt=today, valid_until__gte=today - grace_period())
        if value == "lapsed":
            return queryset.filter(valid_until__lt=today - grace_period())
        return queryset
