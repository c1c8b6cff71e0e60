"""The bank-transfer (SEPA) provider: the applicant transfers the amount with the
reference shown; the treasurer marks it as received in the admin, which confirms the
payment (services.payments.mark_bank_transfer_received)."""

from __future__ import annotations

from django.http import HttpResponseNotFound
from django.urls import reverse
from payments import RedirectNeeded
from payments.core import BasicProvider
from payments.dummy import DummyProvider


class BankTransferProvider(BasicProvider):
    def get_form(self, payment, data=None):
        # Nothing to fill in: the page with the bank details and the reference.
        raise RedirectNeeded(reverse("society:bank-transfer", args=[payment.token]))

    def process_data(self, payment, request):
        # A bank transfer has no provider callback; only the treasurer confirms it.
        return HttpResponseNotFound()

    def get_token_from_request(self, payment, request):
        return None

    def capture(self, payment, amount=None):
        return amount or payment.total

    def release(self, payment) -> None:
        return None

    def refund(self, payment, amount=None):
        return amount or payment.total

    def cancel(self, payment) -> None:
        return None


class DevelopmentCardProvider(DummyProvider):
    """django-payments' development provider (embedded default only), with an answer for
    its static callback URL: it has no webhooks, so a request there is a 400, not a 500."""

    def get_token_from_request(self, payment, request):
        return None
