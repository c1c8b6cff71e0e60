"""Invoices: sequential numbers, the society's details, VAT exempt or charged by setting;
the membership certificate; the register's filters and its CSV export."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from payments import PaymentStatus
from wagtail.models import Site

from content.models import SiteSettings
from members.society.models import BillingDetails, Invoice
from members.society.pdf import render_certificate_pdf, render_invoice_pdf
from members.society.services.payments import start_payment
from tests.factories import MembershipFactory, UserFactory, staff
from tests.members.society import factories

pytestmark = pytest.mark.django_db


def paid_invoice(last_name="Rossi", category="full") -> Invoice:
    application = factories.application(
        category=category, details=factories.details(last_name=last_name)
    )
    payment = start_payment(
        application=application,
        user=application.user,
        method="card",
        amount_shown=application.amount_due,
    )
    payment.change_status(PaymentStatus.CONFIRMED)
    return Invoice.objects.get(payment=payment)


@pytest.fixture(autouse=True)
def _society():
    factories.standard_fees()
    from content.demo import ensure_home_page

    ensure_home_page()
    site = Site.objects.get(is_default_site=True)
    society = SiteSettings.for_site(site)
    society.society_name = "European Society of Imaging Informatics (test)"
    society.contact_email = "office@society.example"
    society.save()
    billing = BillingDetails.for_site(site)
    billing.address = "Rue de la Loi 1\n1000 Brussels"
    billing.vat_number = "BE0123456789"
    billing.save()


def test_invoices_are_numbered_in_sequence_per_year():
    year = timezone.localdate().year
    numbers = [paid_invoice(name).number for name in ("Rossi", "Bianchi", "Verdi")]
    assert numbers == [f"{year}-00001", f"{year}-00002", f"{year}-00003"]


def test_an_exempt_invoice_says_so_and_shows_the_society_details(settings):
    settings.SOCIETY_VAT_RATE = "0"
    invoice = paid_invoice()
    assert (invoice.net_amount, invoice.vat_amount) == (Decimal("120.00"), Decimal("0.00"))
    data = render_invoice_pdf(invoice, compress=False)
    for text in (
        b"European Society of Imaging Informatics \\(test\\)",
        b"Rue de la Loi 1",
        b"BE0123456789",
        invoice.number.encode(),
        b"Maria Rossi",
        b"Ospedale Demo",
        b"120.00",
        b"Article 132\\(1\\)\\(l\\)",
    ):
        assert text in data, text


def test_with_a_vat_rate_the_fee_is_split_and_no_exemption_is_printed(settings):
    settings.SOCIETY_VAT_RATE = "21"
    invoice = paid_invoice()
    assert invoice.gross_amount == Decimal("120.00")
    assert invoice.net_amount == Decimal("99.17") and invoice.vat_amount == Decimal("20.83")
    data = render_invoice_pdf(invoice, compress=False)
    assert b"20.83" in data and b"VAT 21%" in data and b"Article 132" not in data


def test_the_invoice_keeps_what_was_printed_when_details_change_later():
    invoice = paid_invoice()
    billing = BillingDetails.for_site(Site.objects.get(is_default_site=True))
    billing.address = "Somewhere else"
    billing.save()
    invoice.refresh_from_db()
    assert b"Rue de la Loi 1" in render_invoice_pdf(invoice, compress=False)


def test_the_membership_certificate_names_the_member_and_number():
    membership = MembershipFactory(number="M-00042", category="junior")
    data = render_certificate_pdf(
        membership=membership, society_name="Test Society", name="Dr Maria Rossi", compress=False
    )
    for text in (b"Certificate of membership", b"Dr Maria Rossi", b"M-00042", b"Junior"):
        assert text in data, text


def test_the_register_exports_csv_without_spreadsheet_formulas(login_as):
    evil = UserFactory(email="evil@example.org", display_name='=HYPERLINK("http://x.test","y")')
    MembershipFactory(user=evil, number="-1+1")
    client = login_as(staff())
    response = client.get("/admin/snippets/members/membership/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(r for r in rows if "evil@example.org" in r)
    assert "'-1+1" in row and '\'=HYPERLINK("http://x.test","y")' in row
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_the_register_filters_memberships_expiring_this_month(login_as):
    today = timezone.localdate()
    last_of_month = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - (
        datetime.timedelta(days=1)
    )
    MembershipFactory(number="ENDS-THIS-MONTH", valid_until=last_of_month)
    MembershipFactory(number="ENDS-LATER", valid_until=last_of_month + datetime.timedelta(days=40))
    client = login_as(staff())
    page = client.get(
        reverse("wagtailsnippets_members_membership:list") + "?expiring=this_month"
    ).content.decode()
    assert "ENDS-THIS-MONTH" in page and "ENDS-LATER" not in page
