"""An instructor writes a quiz question inside a lesson, without leaving the page.

In the Wagtail admin (signed in with password + TOTP), the instructor adds a lesson whose
quiz holds one new question written in the quiz block: text, domain from the chooser, two
choices and an explanation. Publishing with no choice marked correct is refused next to
the choices (no error page); once a choice is ticked the lesson publishes, the question
is in the question bank, and a resident in a browser of their own enrols, sees the
question, answers it and reads the explanation. Console errors and CSP violations fail
the test, as in tests/browser/test_admin_editors.py.
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from courses.models import CoursePage, Domain, LessonPage, ModulePage, Question
from members.roles import Role
from tests.browser.journeys import (
    COURSE_TITLE,
    db,
    let_instructors_author_courses,
    sign_in,
    sign_in_with_totp,
)
from tests.browser.test_admin_editors import _listen_for_problems
from tests.browser.test_courses import demo  # noqa: F401 - the fixture
from tests.courses.factories import teaching
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LESSON = "Who keeps the images: PACS, VNA and the archive"
STEM = "Which system keeps the images a modality sends after reading?"
EXPLANATION = "The PACS archive stores what the modality sends and serves it for reading."
NEW = "#body-0-value-new_questions-0-value"


def test_instructor_writes_a_question_in_the_quiz_block_and_a_resident_answers_it(
    page,
    browser,
    live_server,
    demo,  # noqa: F811
):
    course = CoursePage.objects.get(title=COURSE_TITLE)
    module = ModulePage.objects.child_of(course).order_by("path").first()
    domain = Domain.objects.get(letter="C")
    let_instructors_author_courses(course)
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    teaching(course, instructor)
    secret = generate_totp_secret()
    TOTP.activate(instructor, secret)
    learner = UserFactory(roles=[Role.RESIDENT])
    problems: list[str] = []
    _listen_for_problems(page, problems, ["lesson editor"])

    sign_in_with_totp(page, instructor, secret, "/admin/")
    page.goto(f"/admin/pages/add/courses/lessonpage/{module.id}/")
    page.locator("#id_title").fill(LESSON)
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Quiz", exact=True).click()
    page.locator("#body-0-value-title").fill("Check: the archive")
    # No bank question: the quiz's one question is written here.
    page.locator("[data-contentpath=new_questions] button.c-sf-add-button").first.click()
    page.locator(f"{NEW}-stem").fill(STEM)
    page.locator(f"{NEW}-domain-chooser").get_by_role("button", name="Choose domain").click()
    modal = page.locator(".modal.show, .modal[aria-hidden=false]").last
    modal.get_by_role("link", name=str(domain)).click()
    page.locator(f"{NEW}-domain-chooser").filter(has_text=domain.name).wait_for()
    page.locator(f"{NEW}-choices-0-value-text").fill("The PACS archive")
    page.locator(f"{NEW}-choices-1-value-text").fill("The RIS worklist")
    page.locator(f"{NEW}-explanation").fill(EXPLANATION)
    page.locator("#id_completion_rule").select_option("quiz")

    def publish() -> None:
        page.get_by_role("button", name="More actions").last.click()
        page.get_by_role("button", name="Publish").click()

    # Nothing marked correct: refused with the reason beside the choices, nothing published.
    publish()
    page.get_by_text("Mark at least one choice as correct.").wait_for()
    assert not db(lambda: Question.objects.filter(stem=STEM).exists())
    assert not db(lambda: LessonPage.objects.filter(title=LESSON, live=True).exists())

    page.locator(f"{NEW}-choices-0-value-is_correct").check()
    publish()
    page.get_by_text(re.compile(f"Page '{re.escape(LESSON)}' .*published")).wait_for()

    question = db(lambda: Question.objects.get(stem=STEM))
    assert question.domain == domain and question.explanation == EXPLANATION
    assert [(c.text, c.is_correct) for c in question.choices.order_by("sort_order")] == [
        ("The PACS archive", True),
        ("The RIS worklist", False),
    ]
    lesson = db(lambda: LessonPage.objects.get(title=LESSON))
    (block,) = [b for b in lesson.body if b.block_type == "quiz"]
    assert [q.id for q in block.value["questions"] if q] == [question.id]
    # Reopened in the editor, it is a bank question of the quiz (nothing left to publish twice).
    page.goto(f"/admin/pages/{lesson.id}/edit/")
    chosen = page.locator("[data-contentpath=questions]")
    chosen.get_by_text(STEM[:40]).first.wait_for()
    assert page.locator(f"{NEW}-stem").count() == 0

    learner_context = browser.new_context(base_url=live_server.url)
    try:
        rpage = learner_context.new_page()
        _listen_for_problems(rpage, problems, ["learner"])
        sign_in(rpage, learner)
        rpage.goto(course.url)
        rpage.get_by_role("button", name="Enrol in this course").click()
        rpage.get_by_role("heading", level=1).wait_for()
        rpage.goto(lesson.url)
        quiz = rpage.locator("section.quiz")
        quiz.get_by_role("heading", name="Check: the archive").wait_for()
        group = quiz.get_by_role("group", name=re.compile(re.escape(STEM)))
        group.get_by_label("The PACS archive").check()
        rpage.get_by_role("button", name="Submit answers").click()
        rpage.get_by_role("heading", name=f"Quiz feedback: {LESSON}").wait_for()
        assert rpage.get_by_text(re.compile("You scored 100%")).first.is_visible()
        assert rpage.get_by_text(EXPLANATION).is_visible()
    finally:
        learner_context.close()
    assert not problems, "\n  ".join(["", *problems])
