"""Accounts: sign-up by email, verification, sign-in, reset, change email, MFA for staff."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from members.models import User
from members.roles import Role
from tests.conftest import enable_totp
from tests.factories import A_NAME, TEST_PASSWORD, UserFactory
from tests.support.signin import sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-long-passphrase-2026"


def _link_in_last_mail(path_fragment: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(rf"https?://[^\s]+{path_fragment}[^\s]*", body)
    assert match, f"no {path_fragment} link in: {body}"
    return re.sub(r"^https?://[^/]+", "", match.group(0))


def test_no_mail_leaves_before_the_sign_up_commits(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "late@example.org",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            **A_NAME,
        },
    )
    assert mail.outbox == []  # the test's transaction never commits


def test_sign_up_asks_for_name_email_and_password_and_no_username(client):
    page = client.get(reverse("account_signup")).content.decode()
    labels = re.findall(r'<label for="id_(\w+)">([^<]+)</label>', page)
    assert [name for name, _ in labels] == [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
    ]
    assert 'autocomplete="given-name"' in page and 'autocomplete="family-name"' in page
    assert 'name="username"' not in page


def test_the_name_given_at_sign_up_is_the_name_certificates_print(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "newres1@example.org",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "first_name": " Maria ",
            "last_name": "Rossi  Bianchi",
        },
    )
    user = User.objects.get(email="newres1@example.org")
    assert user.name == "Maria Rossi Bianchi"


def test_sign_up_without_a_name_is_refused_with_a_message(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newres1@example.org",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "first_name": "   ",
            "last_name": "",
        },
    )
    assert response.status_code == 200  # allauth redisplays the form
    assert "This field is required." in response.content.decode()
    assert not User.objects.filter(email="newres1@example.org").exists()


def test_sign_up_sends_a_verification_link_and_blocks_login_until_verified(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "Nora@Example.org",
                "password1": TEST_PASSWORD,
                "password2": TEST_PASSWORD,
                **A_NAME,
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="nora@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "confirm-email" in mail.outbox[0].body

    client.logout()
    login = client.post(
        reverse("account_login"), {"login": "nora@example.org", "password": TEST_PASSWORD}
    )
    assert login.url == reverse("account_email_verification_sent")


def test_following_the_emailed_link_verifies_and_signs_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "omar@example.org",
                "password1": TEST_PASSWORD,
                "password2": TEST_PASSWORD,
                **A_NAME,
            },
        )
    confirm_url = _link_in_last_mail("/accounts/confirm-email/")
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="omar@example.org").verified
    assert client.get(reverse("members:profile")).status_code == 200


def test_verified_user_signs_in_with_email_and_sees_profile(client):
    user = UserFactory(email="pia@example.org")
    response = client.post(
        reverse("account_login"), {"login": "PIA@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    profile = client.get(reverse("members:profile"))
    assert user.email in profile.content.decode()


def test_wrong_password_gives_a_form_error_not_a_server_error(client):
    UserFactory(email="quinn@example.org")
    response = client.post(
        reverse("account_login"), {"login": "quinn@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="rate@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "rate@example.org", "password": "wrong"})
    locked = client.post(
        reverse("account_login"), {"login": "rate@example.org", "password": TEST_PASSWORD}
    )
    assert "Too many failed login attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_emailed_link(client, django_capture_on_commit_callbacks):
    UserFactory(email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "sam@example.org"})
    reset_url = _link_in_last_mail("/accounts/password/reset/key/")
    form_url = client.get(reset_url).url  # allauth moves the key into the session
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(email="sam@example.org").check_password(NEW_PASSWORD)


def test_password_reset_for_unknown_email_reveals_nothing(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="sam@example.org")
    seen = {}
    for email in ("sam@example.org", "nobody@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("account_reset_password"), {"email": email})
        page = client.get(response["Location"]).content.decode()
        page = re.sub(r'(value|nonce)="[^"]*"', "", page)  # per-request tokens
        seen[email] = (response.status_code, response["Location"], page)
    # Whoever asks sees the same answer for an account that exists and one that does not.
    assert seen["nobody@example.org"] == seen["sam@example.org"]
    assert seen["nobody@example.org"][0] == 302
    to_nobody = [m for m in mail.outbox if m.to == ["nobody@example.org"]]
    assert len(to_nobody) == 1 and "/accounts/password/reset/key/" not in to_nobody[0].body


def test_change_email_sends_verification_to_the_new_address(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="tara@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "tara.new@example.org"}
        )
    assert response.status_code == 302
    assert EmailAddress.objects.filter(email="tara.new@example.org", verified=False).exists()
    assert mail.outbox[-1].to == ["tara.new@example.org"]


def test_account_pages_use_the_site_layout(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'class="skip-link"' in page
    assert '<main id="main"' in page
    assert 'aria-label="Main"' in page


def test_instructor_without_two_factor_is_sent_to_set_it_up(client):
    user = UserFactory(roles=[Role.INSTRUCTOR])
    client.force_login(user)
    response = client.get(reverse("members:profile"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    # allauth first asks for the password again, then shows the TOTP set-up page.
    reauthenticate = client.get(reverse("mfa_activate_totp"))
    assert reauthenticate.url.startswith(reverse("account_reauthenticate"))
    assert client.get(reauthenticate.url).status_code == 200


def test_staff_cannot_reach_the_admin_without_two_factor(client):
    user = UserFactory(roles=[Role.STAFF], is_staff=True, is_superuser=True)
    client.force_login(user)
    assert client.get("/admin/").url == reverse("mfa_activate_totp")
    enable_totp(user)
    # A device added elsewhere is no second factor for this session: sign in again.
    assert client.get("/admin/").url == "/accounts/login/?next=/admin/"
    sign_in(client, user)
    assert client.get("/admin/").status_code == 200


def test_resident_may_use_the_site_without_two_factor(client):
    client.force_login(UserFactory(roles=[Role.RESIDENT]))
    assert client.get(reverse("members:profile")).status_code == 200


def test_instructor_with_totp_must_enter_a_code_at_sign_in(client):
    user = UserFactory(email="uma@example.org", roles=[Role.INSTRUCTOR])
    enable_totp(user)
    response = client.post(
        reverse("account_login"), {"login": "uma@example.org", "password": TEST_PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_sign_ups_from_one_address_are_rate_limited(client):
    statuses = []
    for n in range(11):
        client.logout()
        response = client.post(
            reverse("account_signup"),
            {
                "email": f"burst{n}@example.org",
                "password1": TEST_PASSWORD,
                "password2": TEST_PASSWORD,
                **A_NAME,
            },
        )
        statuses.append(response.status_code)
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    assert not User.objects.filter(email="burst10@example.org").exists()
