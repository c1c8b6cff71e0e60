"""An instructor signs in with a password and a TOTP code, adds a quiz lesson in the Wagtail
admin and publishes it; a resident takes the quiz (one right, one wrong) and the
instructor sees the result in the course's instructor view.

Correct answers are always read from the database, never from the page.
"""

from __future__ import annotations

import io
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from django.core.management import call_command

from courses.demo_curriculum import question_bank
from courses.models import (
    CoursePage,
    LessonPage,
    ModulePage,
    Question,
)
from courses.selectors import course_lessons
from members.roles import Role
from tests.browser.journeys import (
    COURSE_TITLE,
    db,
    let_instructors_author_courses,
    sign_in,
    sign_in_with_totp,
)
from tests.courses.factories import teaching
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


# --- The instructor's journey -----------------------------------------------------------

NEW_LESSON = "Storage commitment and MPPS in the SR workflow"


def choose_question(page, index: int, question: Question) -> None:
    """Open the snippet chooser of list item `index` and pick the question by its stem."""
    chooser = page.locator(f"#body-0-value-questions-{index}-value-chooser")
    chooser.get_by_role("button", name="Choose question").click()
    modal = page.locator(".modal.show, .modal[aria-hidden=false]").last
    # Whole words only: the chooser's search has no autocomplete fields for questions.
    modal.get_by_role("textbox", name=re.compile("Search")).fill(
        question.stem[:40].rsplit(" ", 1)[0]
    )
    modal.get_by_role("link", name=question.stem[:60]).first.click()
    page.locator(f"#body-0-value-questions-{index}-value-title").filter(
        has_text=question.stem[:40]
    ).wait_for()


def test_instructor_adds_a_quiz_lesson_and_sees_a_learners_result(page, browser, live_server, demo):
    started = time.monotonic()
    course = CoursePage.objects.get(title=COURSE_TITLE)
    module = ModulePage.objects.child_of(course).get(slug="dicom-sr")
    bank = question_bank()
    right = Question.objects.get(stem=bank["storage-commit"]["stem"])
    missed = Question.objects.get(stem=bank["mpps"]["stem"])
    assert right.type == missed.type == "single"
    let_instructors_author_courses(course)
    instructor = UserFactory(roles=[Role.INSTRUCTOR], display_name="Ines Instructor")
    teaching(course, instructor)  # an instructor sees the learners of the courses they teach
    secret = generate_totp_secret()
    TOTP.activate(instructor, secret)
    learner = UserFactory(roles=[Role.RESIDENT], display_name="Rafa Resident")
    # Every row the test needs exists now; from here the test only reads (see db()).

    # The instructor signs in with password + TOTP code and lands in the Wagtail admin.
    sign_in_with_totp(page, instructor, secret, "/admin/")
    page.get_by_role("heading", name="Site summary").wait_for()  # the admin dashboard

    # Add a lesson under the "DICOM Structured Reports" module.
    page.goto(f"/admin/pages/{module.id}/")
    page.get_by_role("link", name=re.compile("Add child page")).first.click()
    page.wait_for_url("**/admin/pages/add/courses/lessonpage/**")
    page.locator("#id_title").fill(NEW_LESSON)
    page.locator("#id_summary").fill("Who confirms what after the images are sent.")
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Quiz", exact=True).click()
    page.locator("#body-0-value-title").fill("Check: storage commitment and MPPS")
    choose_question(page, 0, right)
    page.locator(
        "xpath=//div[@id='body-0-value-questions-0-value-chooser']"
        "/following::button[contains(@class, 'c-sf-add-button')][1]"
    ).click()
    choose_question(page, 1, missed)
    page.locator("#body-0-value-pass_mark").fill("70")
    page.locator("#id_completion_rule").select_option("quiz")
    page.get_by_role("button", name="More actions").last.click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text(re.compile(f"Page '{NEW_LESSON}' created and published")).wait_for()

    lesson = db(lambda: LessonPage.objects.get(title=NEW_LESSON))
    assert lesson.live and lesson.get_parent().id == module.id
    assert lesson.completion_rule == "quiz" and lesson.required
    (block,) = [b for b in lesson.body if b.block_type == "quiz"]
    assert [q.id for q in block.value["questions"]] == [right.id, missed.id]
    assert block.value["pass_mark"] == 70

    # A resident, in a browser of their own, enrols and takes the new quiz.
    resident_context = browser.new_context(base_url=live_server.url)
    try:
        rpage = resident_context.new_page()
        sign_in(rpage, learner)
        rpage.goto(course.url)
        rpage.get_by_role("button", name="Enrol in this course").click()
        first = db(lambda: course_lessons(course)[0])
        rpage.get_by_role("heading", name=first.title, level=1).wait_for()
        rpage.get_by_role("button", name="Mark as read").click()
        rpage.get_by_text(f"“{first.title}” is complete.").wait_for()
        outline = rpage.get_by_role("navigation", name="Course outline")
        outline.get_by_role("link", name=NEW_LESSON).click()
        rpage.get_by_role("heading", name=NEW_LESSON, level=1).wait_for()
        quiz = rpage.locator("section.quiz")
        assert quiz.get_by_role("heading", name="Check: storage commitment and MPPS").is_visible()
        (right_choice,) = right.correct_choice_ids()
        wrong_choice = next(c.id for c in missed.choices.all() if not c.is_correct)
        rpage.locator(f"#q{right.id}-c{right_choice}").check()
        rpage.locator(f"#q{missed.id}-c{wrong_choice}").check()
        rpage.get_by_role("button", name="Submit answers").click()
        rpage.get_by_role("heading", name=f"Quiz feedback: {NEW_LESSON}").wait_for()
        assert rpage.get_by_text("You scored 50% (pass mark 70%)").is_visible()
        assert rpage.get_by_text("Not passed, try again").is_visible()
    finally:
        resident_context.close()

    # The instructor opens the course's instructor view from the course page.
    page.goto(course.url)
    page.get_by_role("link", name="Instructor view").click()
    page.get_by_role("heading", name=f"Instructor view: {COURSE_TITLE}").wait_for()
    enrolments = page.get_by_role("table", name="Enrolments and progress")
    row = enrolments.get_by_role("row", name=re.compile(re.escape(learner.email)))
    cells = row.get_by_role("cell")
    total = len(db(lambda: [x for x in course_lessons(course) if x.required]))
    assert total == 7
    assert cells.nth(2).inner_text().strip() == f"{round(100 / total)}%"  # 1 of 7 lessons
    assert cells.nth(3).inner_text().strip() == "no"
    most_missed = page.get_by_role("table", name="Most missed questions")
    missed_rows = most_missed.locator("tbody tr")
    assert missed_rows.count() == 1
    assert missed.stem[:100] in missed_rows.first.inner_text()
    assert "1 of 1 (100%)" in missed_rows.first.inner_text()
    assert right.stem[:60] not in most_missed.inner_text()
    assert time.monotonic() - started < 60
