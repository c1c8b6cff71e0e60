"""Invoices (kept for bookkeeping), the society's billing details and number sequences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="doc-full")
class BillingDetails(BaseSiteSetting):
    """What the society prints on its invoices (the name comes from Site settings)."""

    address = models.TextField(_("postal address"), blank=True)
    registration = models.CharField(
        _("registration"), max_length=200, blank=True, help_text=_("e.g. association register")
    )
    vat_number = models.CharField(_("VAT number"), max_length=40, blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    iban = models.CharField(_("IBAN"), max_length=40, blank=True)
    bic = models.CharField(_("BIC"), max_length=20, blank=True)

    panels = [
        FieldPanel("address"),
        FieldPanel("registration"),
        FieldPanel("vat_number"),
        FieldPanel("bank_account_holder"),
        FieldPanel("iban"),
        FieldPanel("bic"),
    ]

    class Meta:
        verbose_name = _("Billing details")


class NumberSequence(models.Model):
    """A counter that only goes up (membership numbers, invoice numbers per year): the
    next value is taken under a row lock, so two concurrent payments never share one,
    and a number once committed is never handed out again."""

    name = models.CharField(max_length=40, primary_key=True)
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")

    def __str__(self) -> str:
        return f"{self.name}: {self.last_value}"


class Invoice(models.Model):
    """A receipt/invoice as issued: every printed value is stored, so the PDF of an old
    invoice never changes when the society's details or the member's name do."""

    number = models.CharField(_("invoice number"), max_length=32, unique=True)
    issued_on = models.DateField(_("issued on"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="society_invoices",
    )
    application = models.ForeignKey(
        "society.Application", null=True, blank=True, on_delete=models.SET_NULL
    )
    payment = models.OneToOneField(
        "society.Payment", null=True, blank=True, on_delete=models.SET_NULL
    )
    membership_number = models.CharField(_("membership number"), max_length=32)
    buyer_name = models.CharField(_("billed to"), max_length=200)
    buyer_institution = models.CharField(_("institution"), max_length=200, blank=True)
    buyer_country = models.CharField(_("country"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=300)
    net_amount = models.DecimalField(_("net"), max_digits=8, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    vat_amount = models.DecimalField(_("VAT"), max_digits=8, decimal_places=2)
    gross_amount = models.DecimalField(_("total"), max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3)
    vat_statement = models.CharField(_("VAT statement"), max_length=300, blank=True)
    payment_method = models.CharField(_("paid by"), max_length=60)
    paid_on = models.DateField(_("paid on"))
    seller_name = models.CharField(max_length=200)
    seller_address = models.TextField(blank=True)
    seller_registration = models.CharField(max_length=200, blank=True)
    seller_vat_number = models.CharField(max_length=40, blank=True)
    seller_email = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_on", "-number"]

    def __str__(self) -> str:
        return f"{self.number} ({self.buyer_name}, €{self.gross_amount})"
