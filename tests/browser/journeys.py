"""Steps the browser journeys share: signing up and in (with a TOTP code), reading the
database while the live server may hold a write lock, and the correct choices of a quiz
(always from the database, never from the page)."""

from __future__ import annotations

import re
import time

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
)
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import OperationalError
from wagtail.models import GroupPagePermission

from courses.models import (
    CoursePage,
    LessonPage,
)
from members.roles import ROLE_GROUPS, Role
from tests.factories import TEST_PASSWORD
from tests.support.pdf import pdf_text as pdf_text  # re-exported for the journeys

PASSWORD = "a-long-browser-passphrase-42"
COURSE_TITLE = "Structured reporting and DICOM SR essentials"


def db(read, timeout: float = 8.0):
    """Run a database read, retrying while the live server holds a write lock."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return read()
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def correct_choice_ids(lesson: LessonPage) -> list[tuple[int, list[int]]]:
    """(question id, correct choice ids) for every quiz question of the lesson, from the DB."""
    lesson = LessonPage.objects.get(pk=lesson.pk)
    out = []
    for block in lesson.body:
        if block.block_type == "quiz":
            for question in block.value["questions"]:
                ids = sorted(question.correct_choice_ids())
                out.append((question.id, ids))
    return out


def sign_up_and_verify(
    page, email: str, *, first_name: str = "Test", last_name: str = "Resident"
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Create account").click()
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    link = re.search(r"http://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your profile").wait_for()


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now (waiting out the last seconds of a period,
    since allauth accepts only the current period by default)."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_with_totp(page, user, secret: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label(re.compile(r"^Email")).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Two-Factor Authentication").wait_for()
    page.get_by_label("Code").fill(current_totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"**{next_url}")


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Email")).fill(user.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Your profile").wait_for()


def let_instructors_author_courses(course: CoursePage) -> None:
    """The Wagtail permissions an instructor needs to write lessons in this course.

    The project ships the Instructors group without any Wagtail permission (an instructor
    who signs in gets "You do not have permission to access the admin"), so an
    administrator has to grant these; the test does it the way the admin's Groups screen
    would store it: admin access, question-bank access for the quiz chooser and
    add/change/publish on the course's pages.
    """
    group = Group.objects.get(name=ROLE_GROUPS[Role.INSTRUCTOR])
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="courses",
            codename__in=["add_question", "change_question", "view_question"],
        ),
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=course,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


CAPTIONS = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:02.000\n"
    "A test pattern stands in for a lecture.\n\n"
    "00:00:02.000 --> 00:00:04.000\n"
    "The lesson completes at ninety percent.\n"
)
