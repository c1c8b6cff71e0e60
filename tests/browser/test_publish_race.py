"""Publishing a new lesson right after typing, while Wagtail's autosave is still posting.

Run on the embedded default (DATABASE_URL empty: SQLite with WAL, a busy timeout and
immediate transactions) this is the race of issue 13: the autosave creates the draft while
the Publish posts the add form again. Ten times in a row: type a title and a summary,
press Publish within 200 ms of the last keystroke, and the lesson is published once, with
no error page, no "slug already in use" and no stray draft beside it. (A try whose Publish
fell later than 200 ms, when the machine is so loaded that the page's timer fires late, is
checked the same way but not counted; another is made.)
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
SUMMARY = "Typed, then published at once."
MAX_TRIES = 2 * TRIES
DELAYS_MS = [10 * n for n in range(TRIES)]  # 0, 10, ... 90 ms after the last keystroke


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
    # A try counts when Publish was pressed within 200 ms of the last keystroke; on a loaded
    # machine the page's timer can fire late, and such a try (published or not) is not the
    # race we test, so another is made, up to MAX_TRIES in all.
    for attempt in range(1, MAX_TRIES + 1):
        if sum(gap < 0.2 for gap in gaps) == TRIES:
            break
        title = f"Race lesson {attempt}"
        page.goto(add_url)
        page.evaluate(
            "sessionStorage.removeItem('publishGap');"
            "document.addEventListener('keydown', () => window.lastKey = performance.now(), true)"
        )
        page.locator("#id_title").press_sequentially(title, delay=20)
        page.locator("#id_summary").press_sequentially(SUMMARY[:-1], delay=20)
        # The last keystroke itself sets off "More actions" and "Publish", pressed in the page
        # after a delay that differs per try (0 to 90 ms): a Playwright call after the
        # keystroke would add its own round trip (over 200 ms on a busy machine) to the gap.
        # The gap is measured in the page, from the real last keydown to the moment Publish is
        # pressed (what the click then runs, the form's submit handlers, is not the author's).
        page.evaluate(
            """delay => document.addEventListener("keyup", function once() {
                document.removeEventListener("keyup", once, true);
                setTimeout(() => {
                    [...document.querySelectorAll("button")]
                        .filter(b => b.textContent.trim() === "More actions").pop().click();
                    const pressed = performance.now();
                    sessionStorage.setItem("publishGap", pressed - window.lastKey);
                    document.querySelector("button[name=action-publish]").click();
                }, delay);
            }, true)""",
            DELAYS_MS[(attempt - 1) % TRIES],
        )
        page.locator("#id_summary").press(SUMMARY[-1])
        page.get_by_text(re.compile(f"Page '{title}' .*published")).wait_for()
        gaps.append(float(page.evaluate("sessionStorage.getItem('publishGap')")) / 1000)
        assert "already in use" not in page.content(), f"try {attempt}: slug already in use"

        lessons = db(lambda title=title: list(LessonPage.objects.filter(title=title)))
        assert len(lessons) == 1, f"try {attempt}: {len(lessons)} pages titled {title!r}"
        assert lessons[0].live and not lessons[0].has_unpublished_changes
        assert lessons[0].summary == SUMMARY
    print("Publish pressed after the last keystroke (ms):", [round(g * 1000) for g in gaps])
    within = sum(gap < 0.2 for gap in gaps)
    assert within == TRIES, f"only {within} of {len(gaps)} tries pressed Publish within 200 ms"
    assert not errors, errors
