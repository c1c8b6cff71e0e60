"""The join page meets bad input with a clear message and a 400, and saves nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.society.models import Application
from tests.factories import MembershipFactory, UserFactory
from tests.members.society import factories

pytestmark = pytest.mark.django_db

VALID = {
    "category": "full",
    "period": "calendar_year",
    "first_name": "Maria",
    "last_name": "Rossi",
    "institution": "Ospedale Demo",
    "country": "Italy",
    "profession": "radiologist",
    "consent_statutes": "on",
    "consent_privacy": "on",
}


@pytest.fixture
def signed_in(client):
    factories.standard_fees()
    client.force_login(UserFactory())
    return client


def post(client, **changes):
    data = {**VALID, **changes}
    return client.post(reverse("society:join"), {k: v for k, v in data.items() if v is not None})


def test_anyone_sees_the_fees_and_visitors_are_asked_to_sign_in(client):
    factories.standard_fees()
    page = client.get(reverse("society:join")).content.decode()
    assert "€120.00" in page and "By invitation only" in page and "create an account" in page
    response = client.post(reverse("society:join"), VALID)
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent_privacy": None}, "This field is required"),
        ({"category": "honorary"}, "Select a valid choice"),
        ({"category": "junior"}, "needs a proof of training status"),
        ({"code": "NO-SUCH-CODE"}, "does not exist"),
        ({"first_name": "x" * 101}, "at most 100 characters"),
    ],
    ids=["no-consent", "honorary", "junior-without-proof", "unknown-code", "long-name"],
)
def test_bad_input_is_a_400_with_a_message_and_nothing_saved(signed_in, changes, message):
    response = post(signed_in, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("proof.exe", b"MZ"), "Upload a PDF, JPEG or PNG file."),
        (SimpleUploadedFile("proof.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024)), "larger than 5 MB"),
    ],
    ids=["wrong-type", "too-large"],
)
def test_a_bad_proof_is_refused(signed_in, upload, message):
    response = signed_in.post(
        reverse("society:join"), {**VALID, "category": "junior", "proof": upload}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Application.objects.exists()


def test_a_member_not_due_for_renewal_cannot_apply_again(client):
    factories.standard_fees()
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = post(client)
    assert response.status_code == 400 and "already a member" in response.content.decode()


def test_a_valid_application_goes_to_the_payment_step(signed_in):
    response = post(signed_in)
    assert response.status_code == 302
    page = signed_in.get(response.url).content.decode()
    assert "€120.00" in page and "Pay €120.00" in page
