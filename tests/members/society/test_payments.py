"""Paying through the HTTP path with django-payments' development provider: success,
failure and retry, abandoned payments, duplicate confirmations, amount mismatches."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from payments import PaymentStatus

from members.models import Membership
from members.selectors import is_active_member
from members.society.models import ApplicationStatus, Invoice, Payment
from tests.factories import UserFactory
from tests.members.society import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fees():
    factories.standard_fees()


def is_member_now(user) -> bool:
    """As the next request sees it (membership answers are cached per user object)."""
    return is_active_member(type(user).objects.get(pk=user.pk))


def start(client, application, amount=None, method="card"):
    return client.post(
        reverse("society:application-pay", args=[application.pk]),
        {
            "method": method,
            "amount_shown": str(amount if amount is not None else application.amount_due),
        },
    )


def dev_provider(client, payment_url, outcome):
    """What a person does on the development provider's page: choose the outcome."""
    assert client.get(payment_url).status_code == 200
    return client.post(
        payment_url,
        {"status": outcome, "fraud_status": "accept", "gateway_response": "3ds-disabled"},
    )


def test_a_successful_card_payment_makes_an_active_member_with_invoice_and_welcome(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    application = factories.application(user=user)
    client.force_login(user)
    response = start(client, application)
    assert response.status_code == 302
    payment = Payment.objects.get(application=application)
    assert payment.total == Decimal("120.00")
    assert not is_member_now(user)

    with django_capture_on_commit_callbacks(execute=True):
        done = dev_provider(client, response.url, PaymentStatus.CONFIRMED)
    assert done.url == reverse("society:payment-done", args=[payment.token])
    page = client.get(done.url).content.decode()
    assert "you are a member" in page

    membership = Membership.objects.get(user=user)
    assert membership.number == "M-00001"
    assert membership.category == "full"
    assert membership.valid_until == datetime.date(timezone.localdate().year, 12, 31)
    assert is_member_now(user)
    invoice = Invoice.objects.get(user=user)
    assert invoice.gross_amount == Decimal("120.00")
    assert invoice.number == f"{timezone.localdate().year}-00001"
    welcome = [m for m in mail.outbox if "Welcome" in m.subject]
    assert len(welcome) == 1 and "M-00001" in welcome[0].body
    assert invoice.number in welcome[0].body


def test_a_refused_payment_leaves_no_membership_and_can_be_retried(client):
    user = UserFactory()
    application = factories.application(user=user)
    client.force_login(user)
    failed = dev_provider(client, start(client, application).url, PaymentStatus.REJECTED)
    assert "failed" in failed.url
    assert "Try again" in client.get(failed.url).content.decode()
    assert not is_member_now(user) and not Membership.objects.filter(user=user).exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_PAYMENT

    dev_provider(client, start(client, application).url, PaymentStatus.CONFIRMED)
    assert is_member_now(user)
    assert Payment.objects.filter(application=application).count() == 2


def test_an_abandoned_payment_leaves_no_membership_and_a_new_one_can_be_made(client):
    user = UserFactory()
    application = factories.application(user=user)
    client.force_login(user)
    abandoned_url = start(client, application).url
    client.get(abandoned_url)  # the person looks at the provider's page and leaves
    assert not Membership.objects.filter(user=user).exists()
    dev_provider(client, start(client, application).url, PaymentStatus.CONFIRMED)
    assert Membership.objects.filter(user=user).count() == 1
    # The abandoned payment is no longer payable once the application is paid.
    abandoned = Payment.objects.get(token=abandoned_url.rstrip("/").split("/")[-1])
    abandoned.change_status(PaymentStatus.CONFIRMED)  # e.g. a late confirmation after all
    abandoned.refresh_from_db()
    assert abandoned.applied_at is None and "already paid" in abandoned.refusal
    assert Invoice.objects.filter(user=user).count() == 1


def test_a_confirmation_that_arrives_twice_is_applied_once(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    application = factories.application(user=user)
    client.force_login(user)
    payment_url = start(client, application).url
    with django_capture_on_commit_callbacks(execute=True):
        dev_provider(client, payment_url, PaymentStatus.CONFIRMED)
        payment = Payment.objects.get(application=application)
        # The provider reports it again: status signal and the provider's callback URL.
        payment.change_status(PaymentStatus.CONFIRMED)
        callback = client.get(reverse("process_payment", args=[payment.token]))
    assert callback.status_code == 302
    assert Membership.objects.filter(user=user).count() == 1
    assert Invoice.objects.filter(user=user).count() == 1
    assert len([m for m in mail.outbox if "Welcome" in m.subject]) == 1
    assert Membership.objects.get(user=user).number == "M-00001"


def test_the_amount_posted_must_be_the_amount_shown(client):
    user = UserFactory()
    application = factories.application(user=user)
    client.force_login(user)
    response = start(client, application, amount="1.00")
    assert response.status_code == 400
    assert "EUR 120.00" in response.content.decode()
    assert not Payment.objects.filter(application=application).exists()


def test_a_confirmed_payment_for_another_amount_is_refused(client):
    user = UserFactory()
    application = factories.application(user=user)
    client.force_login(user)
    payment_url = start(client, application).url
    # Between showing and charging, the payment's amount is not the application's.
    Payment.objects.filter(application=application).update(total=Decimal("1.00"))
    dev_provider(client, payment_url, PaymentStatus.CONFIRMED)
    payment = Payment.objects.get(application=application)
    assert payment.status == PaymentStatus.CONFIRMED and payment.applied_at is None
    assert "Amount mismatch" in payment.refusal
    assert not Membership.objects.filter(user=user).exists()


def test_when_the_promotion_ends_before_paying_the_new_price_is_shown_first(client):
    today = timezone.localdate()
    promo = factories.promotion(
        today - datetime.timedelta(days=5), today + datetime.timedelta(days=5)
    )
    user = UserFactory()
    application = factories.application(user=user)
    assert application.amount_due == Decimal("10.00")
    promo.ends_on = today - datetime.timedelta(days=1)
    promo.save()
    client.force_login(user)
    response = start(client, application, amount="10.00")
    assert response.status_code == 409
    assert "120.00" in response.content.decode()
    assert not Payment.objects.exists()
    assert start(client, application, amount="120.00").status_code == 302


def test_someone_elses_application_and_payment_are_not_found(client):
    application = factories.application()
    client.force_login(UserFactory())
    assert client.get(reverse("society:application", args=[application.pk])).status_code == 404
    assert start(client, application).status_code == 404


def test_the_stripe_provider_refuses_a_paid_event_for_another_amount(rf):
    import json

    from members.society.stripe_provider import CheckedStripeProvider

    application = factories.application()
    payment = Payment.objects.create(
        application=application, variant="card", total=application.amount_due, currency="EUR"
    )
    provider = CheckedStripeProvider(api_key="sk_test_unused", secure_endpoint=False)
    event = {
        "type": "checkout.session.completed",
        "data": {
            "object": {
                "client_reference_id": payment.token,
                "status": "complete",
                "payment_status": "paid",
                "amount_total": 100,  # 1.00 EUR, not 120.00
                "currency": "eur",
            }
        },
    }
    request = rf.post("/payments/process/card/", json.dumps(event), content_type="application/json")
    provider.process_data(payment, request)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.ERROR and "amount mismatch" in payment.message
    assert not Membership.objects.filter(user=application.user).exists()

    event["data"]["object"]["amount_total"] = 12000
    request = rf.post("/payments/process/card/", json.dumps(event), content_type="application/json")
    payment.change_status(PaymentStatus.WAITING)
    provider.process_data(payment, request)
    assert Membership.objects.filter(user=application.user).count() == 1
