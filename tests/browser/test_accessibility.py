"""Every main page type passes axe-core with no serious or critical violations."""

import io

import pytest
from django.core.management import call_command

from tests.browser.axe import assert_accessible
from tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/accounts/profile/")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/about/",
        "/search/?q=reporting",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ],
)
def test_public_pages_are_accessible(page, demo, path):
    page.goto(path)
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    ["/accounts/profile/", "/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"],
)
def test_account_pages_are_accessible(page, demo, path):
    member = MembershipFactory().user
    _sign_in(page, member.email)
    page.goto(path)
    assert_accessible(page)


def test_pages_raise_no_content_security_policy_violations(page, demo):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/", "/about/", "/accounts/login/"):
        page.goto(path)
    assert violations == []


def test_keyboard_users_can_skip_to_the_content(page, demo):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
