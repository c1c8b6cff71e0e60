"""GDPR: applications, payments and invoices are in the data download; erasure blanks
the application and payment details and keeps the invoice for bookkeeping, unlinked."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from payments import PaymentStatus

from members.privacy import erase_account
from members.society.models import Application, Invoice, Payment
from members.society.services.payments import start_payment
from tests.factories import TEST_PASSWORD
from tests.members.society import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid():
    factories.standard_fees()
    application = factories.application(category="junior")
    application.status = "awaiting_payment"
    application.save()
    payment = start_payment(
        application=application,
        user=application.user,
        method="card",
        amount_shown=application.amount_due,
    )
    payment.change_status(PaymentStatus.CONFIRMED)
    return application


def test_the_data_download_holds_applications_payments_and_invoices(client, paid):
    client.force_login(paid.user)
    archive = client.post(reverse("members:download_my_data")).content
    data = json.loads(zipfile.ZipFile(io.BytesIO(archive)).read("society.json"))
    (application,) = data["applications"]
    assert application["last_name"] == "Rossi" and application["proof_uploaded"] is True
    assert application["consents"]["privacy"] is True
    assert data["payments"][0]["amount"] == "40.00"
    assert data["invoices"][0]["billed_to"] == "Maria Rossi"


def test_erasure_keeps_the_invoice_and_erases_the_rest(paid):
    proof_name = paid.proof.name
    storage = paid.proof.storage
    assert storage.exists(proof_name)
    erase_account(paid.user)
    application = Application.objects.get(pk=paid.pk)
    assert (application.first_name, application.last_name, application.institution) == ("", "", "")
    assert not storage.exists(proof_name)
    payment = Payment.objects.get(application=application)
    assert payment.billing_email == "" and payment.billing_last_name == ""
    invoice = Invoice.objects.get(application=application)
    assert invoice.user is None and invoice.buyer_name == "Maria Rossi"


def test_the_privacy_page_states_how_long_invoices_are_kept(client, settings, paid):
    settings.SOCIETY_INVOICE_RETENTION_YEARS = 7
    client.force_login(paid.user)
    page = client.get(reverse("members:privacy")).content.decode()
    assert "kept for 7 years" in page
    assert TEST_PASSWORD  # the account can still sign in until it is erased
