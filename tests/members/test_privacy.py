"""GDPR: a user downloads their data and deletes their account."""

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from members.models import Membership, User
from tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def test_download_my_data_is_a_zip_of_json_files(client):
    membership = MembershipFactory(number="ESII-1234")
    client.force_login(membership.user)
    response = client.post(reverse("members:download_my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    account = json.loads(archive.read("account.json"))
    assert account["email"] == membership.user.email
    assert account["memberships"][0]["number"] == "ESII-1234"
    assert "README.txt" in archive.namelist()


def test_download_needs_a_post_and_a_signed_in_user(client):
    assert client.post(reverse("members:download_my_data")).status_code == 302
    client.force_login(MembershipFactory().user)
    assert client.get(reverse("members:download_my_data")).status_code == 405


def test_deleting_the_account_erases_personal_data_and_signs_out(client):
    user = MembershipFactory().user
    client.force_login(user)
    response = client.post(
        reverse("members:delete_my_account"),
        {"password": TEST_PASSWORD, "confirmation": "DELETE"},
    )
    assert response.status_code == 302
    erased = User.objects.get(pk=user.pk)
    assert erased.email.endswith("@erased.invalid")
    assert erased.display_name == "" and not erased.is_active
    assert not erased.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user).exists()
    assert client.get(reverse("members:profile")).status_code == 302


@pytest.mark.parametrize(
    ("password", "confirmation", "message"),
    [
        ("wrong-password", "DELETE", "That password is not correct."),
        (TEST_PASSWORD, "delete", "Type DELETE in capital letters to confirm."),
        ("", "", "This field is required."),
    ],
)
def test_deletion_needs_the_password_and_the_confirmation_word(
    client, password, confirmation, message
):
    user = MembershipFactory().user
    client.force_login(user)
    response = client.post(
        reverse("members:delete_my_account"), {"password": password, "confirmation": confirmation}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.get(pk=user.pk).is_active


def test_privacy_page_offers_both_rights(client):
    client.force_login(MembershipFactory().user)
    page = client.get(reverse("members:privacy")).content.decode()
    assert "Download my data" in page and "Delete my account" in page
