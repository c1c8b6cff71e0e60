"""Stripe Checkout through django-payments, refusing a confirmation whose amount or
currency is not the one the applicant was shown (the library trusts any "paid" event)."""

from __future__ import annotations

from payments import PaymentStatus
from payments.stripe import StripeProviderV3


class CheckedStripeProvider(StripeProviderV3):
    def process_data(self, payment, request):
        event = self.return_event_payload(request)
        session = (event.get("data") or {}).get("object") or {}
        if session.get("payment_status") == "paid":
            expected = self.convert_amount(payment.currency, payment.total)
            paid = session.get("amount_total")
            currency = str(session.get("currency", "")).lower()
            if paid != expected or currency != payment.currency.lower():
                payment.change_status(
                    PaymentStatus.ERROR,
                    f"amount mismatch: Stripe reports {paid} {currency}, "
                    f"expected {expected} {payment.currency.lower()}",
                )
                from django.http import JsonResponse

                return JsonResponse({"status": "refused: amount mismatch"})
        return super().process_data(payment, request)
