"""One attempt to pay an application, through django-payments (card or bank transfer)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from payments import PurchasedItem
from payments.models import BasePayment

from members.society.models.applications import Application

# Providers that never leave the site: their success/failure URLs may stay relative (so
# the development provider works on any host and port, e.g. a test's live server).
ON_SITE_PROVIDERS = (
    "members.society.providers.DevelopmentCardProvider",
    "members.society.providers.BankTransferProvider",
)


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card")
    BANK_TRANSFER = "sepa", _("Bank transfer (SEPA)")


class Payment(BasePayment):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    # Set once, when a confirmed payment has made (or extended) the membership: a second
    # confirmation of the same payment finds it set and changes nothing.
    applied_at = models.DateTimeField(_("applied to the membership"), null=True, blank=True)
    # Why a confirmed payment was not applied (amount mismatch, application already paid).
    refusal = models.TextField(_("not applied because"), blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked as received by"),
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.get_variant_display()} €{self.total} ({self.get_status_display()})"

    def get_variant_display(self) -> str:
        return dict(PaymentMethod.choices).get(self.variant, self.variant)

    def _url(self, name: str) -> str:
        path = reverse(name, args=[self.token])
        provider = settings.PAYMENT_VARIANTS.get(self.variant, ("",))[0]
        if provider in ON_SITE_PROVIDERS:
            return path
        from payments.core import get_base_url

        return urljoin(get_base_url(), path)

    def get_success_url(self) -> str:
        return self._url("society:payment-done")

    def get_failure_url(self) -> str:
        return self._url("society:payment-failed")

    def get_purchased_items(self) -> Iterable[PurchasedItem]:
        yield PurchasedItem(
            name=self.description,
            quantity=1,
            price=self.total,
            currency=self.currency,
            sku=self.application.category,
        )
