"""The account area in a real browser at 390 px: from the account menu to every account
page through one navigation that marks where the user is, each page in the site's
layout with nothing wider than the screen; no console error or CSP violation."""

import re

import pytest

from tests.browser.axe import assert_accessible
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNT_PAGES = [
    ("Email addresses", "Email Address"),  # allauth's heading with ACCOUNT_CHANGE_EMAIL
    ("Password", "Change Password"),
    ("Two-factor authentication", "Two-Factor Authentication"),
    ("Your data and privacy", "Your data and privacy"),
    ("Profile and membership", "Your profile"),
]


def test_a_member_finds_every_account_setting_from_the_account_menu(page):
    user = UserFactory(display_name="Maria Rossi")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/accounts/profile/")

    page.goto("/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Maria Rossi (account settings)").click()
    page.get_by_role("heading", name="Your profile", level=1).wait_for()

    nav = page.get_by_role("navigation", name="Account settings")
    for link, heading in ACCOUNT_PAGES:
        nav.get_by_role("link", name=link).click()
        page.get_by_role("heading", name=re.compile(f"^{re.escape(heading)}$"), level=1).wait_for()
        current = nav.locator('[aria-current="page"]')
        assert current.count() == 1 and current.inner_text() == link
        # In the site's layout: header, footer, the account frame, nothing off-screen.
        assert page.locator("header.site-header").is_visible()
        assert page.locator("footer.site-footer").count() == 1
        assert page.locator("main .account-page .account-manage").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), link
        assert_accessible(page)
    assert errors == []
