"""What leaves the site by email: the society's name from the site settings, links on the
configured site URL whatever host the request came in on, the configured sender."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from content.models import SiteSettings
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SOCIETY = "Nordic Society of Imaging Informatics"


@pytest.fixture
def society(settings):
    settings.ACADEMY_BASE_URL = "https://academy.example.org"
    settings.DEFAULT_FROM_EMAIL = "Academy office <office@academy.example.org>"
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.society_name = SOCIETY
    site_settings.save()


def _sign_up(client, email: str) -> None:
    client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "first_name": "Ingrid",
            "last_name": "Berg",
        },
        HTTP_HOST="localhost",
    )


def test_the_verification_email_names_the_society_links_to_the_site_and_has_its_sender(
    client, society, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, "ingrid@example.org")

    (message,) = mail.outbox
    assert message.subject == f"[{SOCIETY}] Please Confirm Your Email Address"
    assert message.from_email == "Academy office <office@academy.example.org>"
    assert message.body.startswith(f"Hello from {SOCIETY}!")
    assert f"Thank you for learning with {SOCIETY}." in message.body
    assert "Hello from !" not in message.body and "using !" not in message.body
    links = re.findall(r"https?://\S+", message.body)
    assert any("/accounts/confirm-email/" in link for link in links)
    assert all(re.match(r"https://academy\.example\.org(/|$)", link) for link in links), links
    assert "localhost" not in message.body


def test_the_password_reset_email_links_to_the_configured_site(
    client, society, django_capture_on_commit_callbacks
):
    user = UserFactory(email="reset.me@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email}, HTTP_HOST="localhost")

    (message,) = mail.outbox
    assert message.subject.startswith(f"[{SOCIETY}] ")
    assert message.from_email == "Academy office <office@academy.example.org>"
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    assert link.startswith("https://academy.example.org/accounts/password/reset/key/")
    # The link works on the site.
    path = link.removeprefix("https://academy.example.org")
    assert client.get(path, follow=True).status_code == 200


def test_the_sites_own_emails_name_the_society_and_come_from_the_sender(
    society, django_capture_on_commit_callbacks
):
    from members.emails import queue_email

    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            subject="Your invoice", body="Dear member,\n\nhere it is.", to=["a@example.org"]
        )

    (message,) = mail.outbox
    assert message.subject == f"[{SOCIETY}] Your invoice"
    assert message.from_email == "Academy office <office@academy.example.org>"
    assert message.body.rstrip().endswith(f"{SOCIETY}\nhttps://academy.example.org")
