"""A newcomer signs up, verifies by the emailed link and signs in, in a real browser."""

import re

import pytest
from django.core import mail

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a-long-browser-passphrase-42"


def test_sign_up_verify_by_email_and_sign_in(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Create account").click()
    page.get_by_label("First name").fill("Nora")
    page.get_by_label("Last name").fill("Lind")
    page.get_by_label(re.compile(r"^Email")).fill("newcomer@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    link = re.search(r"http://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_role("heading", name="Your profile").wait_for()
    assert "newcomer@example.org" in page.content()
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign Out").click()

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label(re.compile(r"^Email")).fill("newcomer@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Your profile").wait_for()
    assert page.get_by_text("Not an active member").is_visible()
