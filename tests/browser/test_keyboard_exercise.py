"""The demo carotid exercise, from signing in to the graded result, by keyboard alone.

Only ``page.keyboard`` drives the page (Tab / Shift+Tab, Enter, Space, arrow keys and
typing); ``page.goto`` opens the home page once. Every element that receives focus on
the way must show it (an outline or a box-shadow), and the workspace and the result page
pass axe-core with no serious or critical violations.
"""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError

from courses.exercises import services
from courses.exercises.models import ExercisePage, Submission
from tests.browser.axe import assert_accessible
from tests.factories import TEST_PASSWORD, resident

pytestmark = [
    pytest.mark.browser,
    # The page fixture puts the page tree back after each transactional test (see
    # tests/browser/conftest.py): serialized rollback lost the tree on PostgreSQL.
    pytest.mark.django_db(transaction=True),
]

EXERCISE_TITLE = "Demo exercise: carotid stenosis from a duplex SR"

# What the focused element is, and whether its focus indicator can be seen.
FOCUSED = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id || '',
    name: el.getAttribute('name') || '',
    type: el.getAttribute('type') || '',
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '')
      .replace(/\s+/g, ' ').trim().slice(0, 80),
    href: el.getAttribute('href') || '',
    value: el.value === undefined ? null : el.value,
    visible: Boolean(outline || shadow),
    outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor,
    shadow: style.boxShadow,
  };
}"""


class Keyboard:
    """Tab through the page and record every element that got focus."""

    def __init__(self, page) -> None:
        self.page = page
        self.seen: list[dict] = []

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def tab_to(self, predicate, max_tabs: int = 200, backwards: bool = False) -> dict:
        """Press Tab (or Shift+Tab) until ``predicate(focused element)`` holds."""
        current = self.focused()
        if current and predicate(current):
            self.seen.append(current)
            return current
        trail = []
        for _ in range(max_tabs):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            current = self.focused()
            if current is None:
                continue
            self.seen.append(current)
            trail.append(f"{current['tag']}#{current['id']} {current['text'][:30]!r}")
            if predicate(current):
                return current
        raise AssertionError(f"not reached in {max_tabs} tabs; focus went through {trail}")

    def tab_to_id(self, element_id: str, **kwargs) -> dict:
        return self.tab_to(lambda el: el["id"] == element_id, **kwargs)

    def tab_to_link(self, text: str, **kwargs) -> dict:
        return self.tab_to(lambda el: el["tag"] == "a" and el["text"].startswith(text), **kwargs)

    def choose(self, select_id: str, value: str) -> None:
        """Pick an option of a focused <select> with the arrow keys (no popup, no mouse)."""
        element = self.tab_to_id(select_id)
        assert element["tag"] == "select"
        options = self.page.locator(f"#{select_id} option").evaluate_all(
            "(options) => options.map((o) => o.value)"
        )
        target = options.index(value)
        current = options.index(element["value"]) if element["value"] in options else 0
        key = "ArrowDown" if target >= current else "ArrowUp"
        for _ in range(abs(target - current)):
            self.page.keyboard.press(key)
        assert self.page.locator(f"#{select_id}").input_value() == value

    def assert_focus_always_visible(self) -> None:
        hidden = [el for el in self.seen if not el["visible"]]
        assert not hidden, "focus not visible on: " + "; ".join(
            f"{el['tag']}#{el['id']} {el['text'][:40]!r} (outline {el['outline']}, "
            f"box-shadow {el['shadow']})"
            for el in hidden
        )


def db(read, timeout: float = 8.0):
    """A database read, retried while the live server holds SQLite's write lock."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return read()
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


def test_the_carotid_exercise_can_be_done_by_keyboard_alone(demo, page):
    trainee = resident()  # every user exists before the browser starts (SQLite locks)
    exercise = ExercisePage.objects.get(title=EXERCISE_TITLE)
    case = exercise.cases.order_by("pk").first()
    expected = services.effective_key(
        answer_key=services.ensure_key(exercise=exercise, case=case), exercise=exercise
    )["fields"]
    keys = Keyboard(page)

    # Sign in: Tab to the header's "Sign in" link, then type into the form.
    page.goto("/")
    keys.tab_to_link("Sign in")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")
    assert page.get_by_label("Email:").count() == 1  # labels end with ':'
    keys.tab_to_id("id_login")
    page.keyboard.type(trainee.email)
    keys.tab_to_id("id_password")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/profile/")

    # Navigation -> exercise list -> the demo carotid exercise -> its first case.
    keys.tab_to(lambda el: el["tag"] == "a" and el["href"] == "/exercises/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/exercises/")
    keys.tab_to_link(EXERCISE_TITLE)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/exercises/{exercise.pk}/")
    keys.tab_to_link(f"Open {case.title}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/exercises/{exercise.pk}/cases/{case.pk}/")
    page.get_by_role("heading", name="Your report").wait_for()

    # Transfer measurements with Space on the focused button (the script fills the form).
    keys.tab_to_id("transfer-button")
    page.keyboard.press("Space")
    page.locator("#transfer-status").get_by_text("Transferred").wait_for()
    psv = page.locator("#id_right_ica_psv").input_value()
    assert float(psv) == pytest.approx(expected["right_ica_psv"]["expected"])
    assert_accessible(page)

    # Grades and plaque with the arrow keys, the impression by typing.
    for side in ("right", "left"):
        plaque = expected.get(f"{side}_plaque", {}).get("expected")
        if plaque:
            keys.choose(f"id_{side}_plaque", plaque)
        keys.choose(f"id_{side}_stenosis_grade", expected[f"{side}_stenosis_grade"]["expected"])
    keys.tab_to_id("id_impression")
    page.keyboard.type(expected["impression"]["expected"])
    assert page.locator("#id_impression").input_value() == expected["impression"]["expected"]

    # Submit with Enter on the "Submit for grading" button.
    submit = keys.tab_to(lambda el: el["tag"] == "button" and el["text"] == "Submit for grading")
    assert submit["value"] == "submit"
    page.keyboard.press("Enter")
    # It asks first; the focus is on the safe choice, "Keep editing".
    page.get_by_role("dialog", name="Submit attempt 1 for grading?").wait_for()
    assert keys.focused()["text"] == "Keep editing"
    keys.tab_to(lambda el: el["tag"] == "button" and el["text"] == "Submit now", backwards=True)
    page.keyboard.press("Enter")
    page.get_by_role("table", name="Feedback for every field").wait_for()
    assert page.get_by_text("Passed").first.is_visible()
    submission = db(lambda: Submission.objects.get(user=trainee))
    assert submission.status == "graded" and submission.result.passed

    # The result page is reachable by keyboard too, and passes axe.
    keys.tab_to_link("Back to the case")
    assert_accessible(page)
    keys.assert_focus_always_visible()
    assert len(keys.seen) > 20  # the walk really went through the pages by Tab
