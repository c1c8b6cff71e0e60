"""An application to join (or to renew): who, which category, and the price quoted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import MembershipCategory
from members.society.models.pricing import CURRENCY, DiscountCode, Fee, Period, Promotion


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class ApplicationKind(models.TextChoices):
    JOIN = "join", _("Joining")
    RENEWAL = "renewal", _("Renewal")


class ApplicationStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Waiting for approval")
    AWAITING_PAYMENT = "awaiting_payment", _("Waiting for payment")
    PAID = "paid", _("Paid: membership active")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Replaced or withdrawn")


OPEN_STATUSES = (ApplicationStatus.AWAITING_APPROVAL, ApplicationStatus.AWAITING_PAYMENT)


class Profession(models.TextChoices):
    RADIOLOGIST = "radiologist", _("Radiologist")
    RESIDENT = "resident", _("Radiology resident / trainee")
    RADIOGRAPHER = "radiographer", _("Radiographer / technologist")
    ENGINEER = "engineer", _("Engineer / IT professional")
    PHYSICIST = "physicist", _("Medical physicist")
    RESEARCHER = "researcher", _("Researcher")
    OTHER = "other", _("Other")


class Application(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="society_applications"
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=ApplicationKind.choices, default=ApplicationKind.JOIN
    )
    category = models.CharField(_("category"), max_length=16, choices=MembershipCategory.choices)
    period = models.CharField(_("period"), max_length=16, choices=Period.choices)
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices)
    # The person, as they wrote it (printed on the invoice).
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    institution = models.CharField(_("institution"), max_length=200)
    country = models.CharField(_("country"), max_length=100)
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices)
    proof = models.FileField(
        _("proof of training status"),
        upload_to="membership-proofs/%Y/",
        storage=_private_storage,
        blank=True,
    )
    consent_statutes = models.BooleanField(_("accepted the statutes"), default=False)
    consent_privacy = models.BooleanField(_("accepted the privacy notice"), default=False)
    consent_text_version = models.CharField(max_length=20, blank=True)
    # The price quoted and shown; a payment must be for exactly `amount_due`.
    fee = models.ForeignKey(Fee, null=True, blank=True, on_delete=models.SET_NULL)
    promotion = models.ForeignKey(Promotion, null=True, blank=True, on_delete=models.SET_NULL)
    code = models.ForeignKey(DiscountCode, null=True, blank=True, on_delete=models.SET_NULL)
    list_price = models.DecimalField(_("list price"), max_digits=8, decimal_places=2)
    amount_due = models.DecimalField(_("amount due"), max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, default=CURRENCY)
    quoted_at = models.DateTimeField(_("price quoted at"))
    bank_reference = models.CharField(_("bank transfer reference"), max_length=32, unique=True)
    membership = models.ForeignKey(
        "members.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    decision_message = models.TextField(_("message to the applicant"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}: {self.get_category_display()} ({self.pk})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CodeRedemption(models.Model):
    """One use of a discount code, counted against its limit while the application is
    open or paid (a withdrawn application gives its use back)."""

    code = models.ForeignKey(DiscountCode, on_delete=models.CASCADE, related_name="redemptions")
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="redemption"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("discount code use")
        verbose_name_plural = _("discount code uses")
