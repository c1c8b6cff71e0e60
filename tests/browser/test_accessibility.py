"""Every main page type passes axe-core with no serious or critical violations."""

import io

import pytest
from django.core.management import call_command

from tests.browser.axe import axe_violations
from tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
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


COURSE = "/courses/structured-reporting-dicom-sr/"
LESSON_WITH_QUIZ = COURSE + "templates-and-terms/mrrt-radlex-radelement/"
PUBLIC_PAGES = [
    "/",
    "/about/",
    "/search/?q=reporting",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/no-such-page/",
    "/curriculum/",
    "/courses/",
    COURSE,
    LESSON_WITH_QUIZ,
    "/certificates/verify/",
    "/webinars/",
    "/webinars/fhir-imagingstudy-live/",
    "/webinars/gdpr-for-imaging-ai/",
]
MEMBER_PAGES = [
    "/accounts/profile/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/profile/privacy/",
    "/my-learning/",
    COURSE,
    LESSON_WITH_QUIZ,
    "/learn/practice-exam/",
    "/webinars/dicomweb-in-practice/",
    "/webinars/structured-reporting-with-mrrt/",
    "/webinars/gdpr-for-imaging-ai/",
]


def _audit(page, paths: list[str]) -> dict[str, list]:
    problems = {}
    for path in paths:
        page.goto(path)
        violations = axe_violations(page)
        if violations:
            problems[path] = [
                (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations
            ]
    return problems


def test_public_pages_are_accessible(page, demo):
    assert _audit(page, PUBLIC_PAGES) == {}


def test_pages_for_signed_in_members_are_accessible(page, demo):
    from courses.models import CoursePage
    from courses.services import enrol

    member = MembershipFactory().user
    enrol(user=member, course=CoursePage.objects.get(slug="structured-reporting-dicom-sr"))
    _sign_in(page, member.email)
    page.goto(LESSON_WITH_QUIZ)
    assert page.locator("input[type=radio], input[type=checkbox]").count() > 0  # the quiz
    assert _audit(page, MEMBER_PAGES) == {}


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
