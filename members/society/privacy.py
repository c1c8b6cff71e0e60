"""GDPR: membership applications, payments, invoices and vouchers in the data download;
erasure blanks applications and payment details and keeps invoices for bookkeeping
(settings.SOCIETY_INVOICE_RETENTION_YEARS), with only what the invoice itself shows."""

from __future__ import annotations

from members.models import User
from members.privacy import register
from members.society.models import Application, Invoice, Payment, Voucher


def _iso(value):
    return value.isoformat() if value else None


def export(user: User) -> dict:
    applications = Application.objects.filter(user=user).order_by("created_at")
    return {
        "applications": [
            {
                "submitted": _iso(a.created_at),
                "kind": a.kind,
                "category": a.category,
                "period": a.period,
                "status": a.status,
                "first_name": a.first_name,
                "last_name": a.last_name,
                "institution": a.institution,
                "country": a.country,
                "profession": a.profession,
                "proof_uploaded": bool(a.proof),
                "consents": {
                    "statutes": a.consent_statutes,
                    "privacy": a.consent_privacy,
                    "text_version": a.consent_text_version,
                },
                "amount_due_eur": str(a.amount_due),
                "bank_reference": a.bank_reference,
                "decision_message": a.decision_message,
                "paid": _iso(a.paid_at),
            }
            for a in applications
        ],
        "payments": [
            {
                "created": _iso(p.created),
                "method": p.variant,
                "status": p.status,
                "amount": str(p.total),
                "currency": p.currency,
                "transaction_id": p.transaction_id,
            }
            for p in Payment.objects.filter(application__user=user).order_by("created")
        ],
        "invoices": [
            {
                "number": i.number,
                "issued_on": _iso(i.issued_on),
                "billed_to": i.buyer_name,
                "description": i.description,
                "total": str(i.gross_amount),
                "currency": i.currency,
            }
            for i in Invoice.objects.filter(user=user).order_by("issued_on")
        ],
        "vouchers": [
            {"code": v.code, "reward": v.description, "issued": _iso(v.issued_at)}
            for v in Voucher.objects.filter(user=user)
        ],
    }


def erase(user: User) -> None:
    for application in Application.objects.filter(user=user):
        if application.proof:
            application.proof.delete(save=False)
        application.first_name = ""
        application.last_name = ""
        application.institution = ""
        application.country = ""
        application.decision_message = ""
        application.save()
    Payment.objects.filter(application__user=user).update(
        billing_first_name="",
        billing_last_name="",
        billing_email="",
        billing_address_1="",
        billing_address_2="",
        billing_city="",
        billing_postcode="",
        billing_phone="",
        customer_ip_address=None,
        extra_data="",
        message="",
    )
    # Invoices stay for bookkeeping, unlinked from the account.
    Invoice.objects.filter(user=user).update(user=None)
    Voucher.objects.filter(user=user).update(user=None)


register("society", export=export, erase=erase)
