"""Fees, promotions, codes and milestone rewards: data the society's office edits."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from members.models import MembershipCategory

# Every fee is in euros; the payment providers are asked for EUR only.
CURRENCY = "EUR"
_money = {"max_digits": 8, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Period(models.TextChoices):
    CALENDAR_YEAR = "calendar_year", _("Calendar year (until 31 December)")
    TWELVE_MONTHS = "twelve_months", _("12 months from joining")


def _category_choices_for_fees():
    # Honorary membership is by invitation: it has no fee and cannot be applied for.
    return [c for c in MembershipCategory.choices if c[0] != MembershipCategory.HONORARY]


class Fee(models.Model):
    """The membership fee for one category and period, from a day on (a new row with a
    later `effective_from` changes the fee without rewriting history)."""

    category = models.CharField(_("category"), max_length=16, choices=_category_choices_for_fees())
    period = models.CharField(_("period"), max_length=16, choices=Period.choices)
    amount = models.DecimalField(_("fee in EUR"), **_money)
    effective_from = models.DateField(
        _("applies from"), help_text=_("The fee applies to applications from this day on.")
    )

    panels = [
        FieldPanel("category"),
        FieldPanel("period"),
        FieldPanel("amount"),
        FieldPanel("effective_from"),
    ]

    class Meta:
        verbose_name = _("membership fee")
        verbose_name_plural = _("membership fees")
        ordering = ["category", "period", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "period", "effective_from"], name="society_fee_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}, {self.get_period_display()}: €{self.amount}"


class Promotion(models.Model):
    """A promotional fee for a date window, e.g. "10 euro from 26 February to 5 March".

    The window starts at midnight of `starts_on` and ends at midnight after `ends_on`,
    both in the society's time zone (settings.SOCIETY_TIME_ZONE)."""

    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(
        _("category"),
        max_length=16,
        choices=_category_choices_for_fees(),
        blank=True,
        help_text=_("Leave empty for every category."),
    )
    period = models.CharField(
        _("period"),
        max_length=16,
        choices=Period.choices,
        blank=True,
        help_text=_("Leave empty for both periods."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), help_text=_("The promotion includes this day."))
    price = models.DecimalField(_("promotional fee in EUR"), **_money)
    for_renewals = models.BooleanField(
        _("also for renewals"),
        default=False,
        help_text=_("Off: only people who join get the promotional fee."),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("category"),
        FieldPanel("period"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("price"),
        FieldPanel("for_renewals"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="society_promotion_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%d %b} – {self.ends_on:%d %b %Y}: €{self.price})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})


class DiscountCode(models.Model):
    """A code an applicant types in for a percentage off, used at most `max_uses` times."""

    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Letters, digits and dashes.")
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    percent_off = models.PositiveSmallIntegerField(
        _("percent off"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_uses = models.PositiveIntegerField(
        _("maximum uses"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    category = models.CharField(
        _("category"),
        max_length=16,
        choices=_category_choices_for_fees(),
        blank=True,
        help_text=_("Leave empty for every category."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("percent_off"),
        FieldPanel("max_uses"),
        FieldPanel("category"),
        FieldPanel("valid_from"),
        FieldPanel("valid_until"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("discount code")
        verbose_name_plural = _("discount codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} (−{self.percent_off}%)"

    def save(self, *args, **kwargs) -> None:
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)


class MilestoneReward(models.Model):
    """The member with this number receives a voucher, e.g. "member #100: 50% off the
    next event registration". Issued automatically, once."""

    member_number = models.PositiveIntegerField(
        _("member number"), unique=True, validators=[MinValueValidator(1)]
    )
    percent_off = models.PositiveSmallIntegerField(
        _("percent off"), default=50, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    description = models.CharField(
        _("reward"), max_length=200, default=_("50% off your next event registration")
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("member_number"),
        FieldPanel("percent_off"),
        FieldPanel("description"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("milestone reward")
        verbose_name_plural = _("milestone rewards")
        ordering = ["member_number"]

    def __str__(self) -> str:
        return _("Member #%(number)s: %(reward)s") % {
            "number": self.member_number,
            "reward": self.description,
        }


class Voucher(models.Model):
    """A reward issued to one member; one voucher per milestone (the unique key makes
    "issued once" hold even when two people join at the same moment)."""

    milestone = models.OneToOneField(
        MilestoneReward, on_delete=models.PROTECT, related_name="voucher"
    )
    user = models.ForeignKey(
        "members.User", null=True, on_delete=models.SET_NULL, related_name="vouchers"
    )
    membership_number = models.CharField(_("membership number"), max_length=32)
    code = models.CharField(_("voucher code"), max_length=32, unique=True)
    percent_off = models.PositiveSmallIntegerField(_("percent off"))
    description = models.CharField(_("reward"), max_length=200)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    redeemed_at = models.DateTimeField(_("redeemed"), null=True, blank=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.description})"
