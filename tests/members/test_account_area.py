"""The account area: every allauth page the site uses sits in the site's layout, and the
account's own pages share one navigation that marks where the user is."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from tests.conftest import enable_totp
from tests.factories import TEST_PASSWORD, UserFactory
from tests.support.signin import sign_in

pytestmark = pytest.mark.django_db

ACCOUNT_NAV = re.compile(
    r'<nav class="account-manage__nav" aria-label="Account settings">(.*?)</nav>', re.S
)


def _main(html: str) -> str:
    match = re.search(r'<main id="main"[^>]*>(.*)</main>', html, re.S)
    assert match, "the page is not in the site's layout (no <main>)"
    return match.group(1)


def _in_site_layout(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    main = _main(html)
    # The account frame (a centred container), not the page flush against the edge.
    assert main.strip().startswith('<div class="container account-page">'), main[:200]
    return main


def _current_nav_item(main: str) -> str:
    nav = ACCOUNT_NAV.search(main)
    assert nav, "no account navigation"
    current = re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', nav.group(1))
    assert len(current) == 1, current
    return current[0]


@pytest.mark.parametrize(
    "url_name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
        "account_reset_password_from_key_done",
        "account_inactive",
    ],
)
def test_signed_out_account_pages_are_in_the_site_layout(client, url_name):
    main = _in_site_layout(client.get(reverse(url_name)))
    assert 'class="container--narrow card card--form"' in main


def test_the_emailed_confirmation_and_reset_pages_are_in_the_site_layout(client):
    user = UserFactory(verified=False)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)
    key = EmailConfirmationHMAC(address).key
    _in_site_layout(client.get(reverse("account_confirm_email", args=[key])))

    reset = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    # allauth keeps the key in the session and shows the form under a fixed URL.
    response = client.get(reset, follow=True)
    main = _in_site_layout(response)
    assert 'name="password1"' in main


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("members:profile", "Profile and membership"),
        ("account_email", "Email addresses"),
        ("account_change_password", "Password"),
        ("mfa_index", "Two-factor authentication"),
        ("members:privacy", "Your data and privacy"),
    ],
)
def test_each_account_page_has_the_navigation_with_itself_marked(client, url_name, current):
    sign_in(client, UserFactory())
    main = _in_site_layout(client.get(reverse(url_name)))
    assert _current_nav_item(main) == current
    nav = ACCOUNT_NAV.search(main).group(1)
    for label in (
        "Email addresses",
        "Password",
        "Two-factor authentication",
        "Your data and privacy",
    ):
        assert f">{label}</a>" in nav


def test_setting_up_two_factor_is_in_the_account_area(client):
    sign_in(client, UserFactory())
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    main = _in_site_layout(client.get(reverse("mfa_activate_totp")))
    assert _current_nav_item(main) == "Two-factor authentication"


def test_two_factor_pages_of_a_user_with_an_authenticator_are_in_the_account_area(client):
    user = UserFactory()
    enable_totp(user)
    sign_in(client, user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    for url_name in ("mfa_index", "mfa_deactivate_totp", "mfa_generate_recovery_codes"):
        main = _in_site_layout(client.get(reverse(url_name)))
        assert _current_nav_item(main) == "Two-factor authentication"


def test_sign_out_and_reauthentication_are_in_the_site_layout(client):
    sign_in(client, UserFactory())
    _in_site_layout(client.get(reverse("account_logout")))
    _in_site_layout(client.get(reverse("account_reauthenticate")))


def test_the_account_menu_leads_to_the_account_area(client):
    user = UserFactory(display_name="Maria Rossi")
    sign_in(client, user)
    html = client.get(reverse("account_email")).content.decode()
    menu = re.search(r'<ul class="account-menu"[^>]*>(.*?)</ul>', html, re.S).group(1)
    profile = reverse("members:profile")
    assert re.search(
        rf'<a href="{profile}">Maria Rossi<span class="visually-hidden"> \(account settings\)', menu
    )
