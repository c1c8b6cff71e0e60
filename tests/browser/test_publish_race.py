"""Publishing a new lesson right after typing, while Wagtail's autosave is still posting.

Run on the embedded default (DATABASE_URL empty: SQLite with WAL, a busy timeout and
immediate transactions) this is the race of issue 13: the autosave creates the draft while
the Publish posts the add form again. Ten times in a row: type a title and a summary,
press Publish within 200 ms of the last keystroke, and the lesson is published once, with
no error page, no "slug already in use" and no stray draft beside it.
"""

from __future__ import annotations

import io
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.urls import reverse

from courses.models import LessonPage, ModulePage
from members.roles import Role
from tests.browser.journeys import db, sign_in_with_totp
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRIES = 10


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


def test_publishing_within_200ms_of_the_last_keystroke_publishes_once(page, live_server, demo):
    module = ModulePage.objects.order_by("pk").first()
    author = UserFactory(roles=[Role.INSTRUCTOR], is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(author, secret)
    errors: list[str] = []
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 500 else None
        ),
    )
    sign_in_with_totp(page, author, secret, "/admin/")

    add_url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", module.pk])
    gaps = []
    for attempt in range(1, TRIES + 1):
        title = f"Race lesson {attempt}"
        page.goto(add_url)
        page.evaluate(
            "document.addEventListener('keydown', () => window.lastKey = performance.now(), true)"
        )
        page.locator("#id_title").press_sequentially(title, delay=20)
        page.locator("#id_summary").press_sequentially("Typed, then published at once.", delay=20)
        # From the real last keydown, "More actions" and "Publish" pressed in the page itself
        # (two Playwright clicks on a busy machine take longer than the 200 ms we test).
        gap_ms = page.locator("#id_summary").evaluate(
            """field => {
                const typed = window.lastKey;
                [...document.querySelectorAll("button")]
                    .filter(b => b.textContent.trim() === "More actions").pop().click();
                document.querySelector("button[name=action-publish]").click();
                return performance.now() - typed;
            }"""
        )
        gaps.append(gap_ms / 1000)
        page.get_by_text(re.compile(f"Page '{title}' .*published")).wait_for()
        assert "already in use" not in page.content(), f"try {attempt}: slug already in use"

        lessons = db(lambda title=title: list(LessonPage.objects.filter(title=title)))
        assert len(lessons) == 1, f"try {attempt}: {len(lessons)} pages titled {title!r}"
        assert lessons[0].live and not lessons[0].has_unpublished_changes
        assert lessons[0].summary == "Typed, then published at once."
    assert max(gaps) < 0.2, f"Publish pressed {max(gaps) * 1000:.0f} ms after the last keystroke"
    assert not errors, errors
