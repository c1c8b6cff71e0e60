"""Junior/resident applications wait for staff, who approve or decline with a message
from the admin; the applicant is told by email either way."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from members.society.models import ApplicationStatus
from members.society.services.applications import ApplicationError
from members.society.services.payments import start_payment
from tests.factories import UserFactory, staff
from tests.members.society import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fees():
    factories.standard_fees()


def test_a_junior_application_needs_a_proof_and_waits_for_approval():
    with pytest.raises(ApplicationError, match="proof"):
        factories.application(category="junior", proof=None)
    application = factories.application(category="junior")
    assert application.status == ApplicationStatus.AWAITING_APPROVAL
    assert application.amount_due == Decimal("40.00")
    with pytest.raises(ApplicationError, match="cannot be paid"):
        start_payment(
            application=application,
            user=application.user,
            method="card",
            amount_shown=Decimal("40.00"),
        )


def test_staff_see_the_proof_and_approve_with_a_message_the_applicant_is_emailed(
    login_as, django_capture_on_commit_callbacks
):
    application = factories.application(category="junior")
    client = login_as(staff())
    page = client.get(reverse("society_admin:decide", args=[application.pk]))
    assert page.status_code == 200
    proof = client.get(reverse("society_admin:proof", args=[application.pk]))
    assert b"".join(proof.streaming_content).startswith(b"%PDF")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("society_admin:decide", args=[application.pk]),
            {"decision": "approve", "message": "Welcome to the junior section!"},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_PAYMENT
    (email,) = mail.outbox
    assert email.to == [application.user.email]
    assert "approved" in email.subject and "Welcome to the junior section!" in email.body
    assert "40.00" in email.body


def test_declining_needs_a_message_and_tells_the_applicant(
    login_as, django_capture_on_commit_callbacks
):
    application = factories.application(category="junior")
    client = login_as(staff())
    url = reverse("society_admin:decide", args=[application.pk])
    assert client.post(url, {"decision": "decline", "message": ""}).status_code == 400
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_APPROVAL
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "decline", "message": "The letter is not signed."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    (email,) = mail.outbox
    assert "not approved" in email.body and "The letter is not signed." in email.body


def test_members_cannot_decide_on_applications(client):
    application = factories.application(category="junior")
    client.force_login(UserFactory())
    response = client.get(reverse("society_admin:decide", args=[application.pk]))
    assert response.status_code == 302 and "/login/" in response.url
