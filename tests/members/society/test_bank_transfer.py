"""The treasurer marks a bank transfer as received in the admin: the membership starts;
a wrong amount changes nothing; a second click changes nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Membership
from members.society.models import Invoice, Payment
from members.society.services.payments import start_payment
from tests.factories import staff
from tests.members.society import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def transfer():
    factories.standard_fees()
    application = factories.application(category="associate")
    return start_payment(
        application=application,
        user=application.user,
        method="sepa",
        amount_shown=application.amount_due,
    )


def test_the_applicant_sees_the_reference_and_bank_details(client, transfer):
    client.force_login(transfer.application.user)
    response = client.get(reverse("society:payment", args=[transfer.token]))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert transfer.application.bank_reference in page and "60.00" in page
    assert not Membership.objects.filter(user=transfer.application.user).exists()


def test_the_treasurer_marks_it_received_and_the_membership_starts(login_as, transfer):
    client = login_as(staff())
    url = reverse("society_admin:transfer-received", args=[transfer.pk])
    wrong = client.post(url, {"amount": "6.00", "received_on": timezone.localdate()})
    assert wrong.status_code == 400 and "60.00" in wrong.content.decode()
    assert not Membership.objects.filter(user=transfer.application.user).exists()

    right = client.post(url, {"amount": "60.00", "received_on": timezone.localdate()})
    assert right.status_code == 302
    membership = Membership.objects.get(user=transfer.application.user)
    assert membership.category == "associate"
    transfer.refresh_from_db()
    assert transfer.status == "confirmed" and transfer.received_by is not None
    invoice = Invoice.objects.get(payment=transfer)
    assert invoice.payment_method == "Bank transfer (SEPA)"

    again = client.post(url, {"amount": "60.00", "received_on": timezone.localdate()})
    assert again.status_code == 302
    assert Invoice.objects.filter(user=transfer.application.user).count() == 1
    assert Payment.objects.get(pk=transfer.pk).applied_at is not None


def test_the_change_history_says_who_marked_it_and_when(login_as, transfer):
    from wagtail.models import ModelLogEntry

    treasurer = staff()
    client = login_as(treasurer)
    client.post(
        reverse("society_admin:transfer-received", args=[transfer.pk]),
        {"amount": "60.00", "received_on": timezone.localdate()},
    )
    membership = Membership.objects.get(user=transfer.application.user)
    joined = ModelLogEntry.objects.for_instance(membership).get(action="society.join")
    assert joined.user == treasurer and joined.timestamp is not None
    history = client.get(
        reverse("wagtailsnippets_members_membership:history", args=[membership.pk])
    )
    assert history.status_code == 200
    assert "Membership paid and active" in history.content.decode()
