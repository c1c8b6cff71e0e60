"""A question written inside a lesson's quiz block: refused with clear messages until it
is answerable, joins the question bank when the lesson is published, and is then shown,
shuffled and scored as any bank question."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError

from courses import services
from courses.models import Question
from courses.quiz_blocks import NewQuestionBlock, QuizBlock
from tests.courses.factories import DomainFactory, build_course, lessons_of, make_question
from tests.factories import resident

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}


def new_question(domain_id, *, choices=(("PACS", True), ("RIS", False)), qtype="single"):
    return {
        "domain": domain_id,
        "type": qtype,
        "difficulty": "easy",
        "stem": "Which system archives the images?",
        "choices": [
            {"type": "item", "value": {"text": text, "is_correct": ok}, "id": f"c{i}"}
            for i, (text, ok) in enumerate(choices)
        ],
        "explanation": "The PACS archives and distributes images.",
    }


def block_errors(block, raw) -> dict:
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(raw))
    return error.value.as_json_data()["blockErrors"]


def messages(errors) -> str:
    return " ".join(str(m) for m in errors.get("messages", []))


@pytest.mark.parametrize(
    ("choices", "qtype", "message"),
    [
        ((("PACS", True),), "single", "at least two choices"),
        ((("PACS", False), ("RIS", False)), "single", "Mark at least one choice as correct"),
        ((("PACS", True), ("VNA", True)), "single", "exactly one correct choice"),
    ],
)
def test_a_new_question_with_unanswerable_choices_is_refused_next_to_its_choices(
    choices, qtype, message
):
    domain = DomainFactory(letter="C")
    errors = block_errors(NewQuestionBlock(), new_question(domain.id, choices=choices, qtype=qtype))
    assert message in messages(errors["choices"])


def test_a_choice_left_blank_is_pointed_out():
    domain = DomainFactory(letter="C")
    raw = new_question(domain.id, choices=(("PACS", True), ("", False)))
    errors = block_errors(NewQuestionBlock(), raw)
    assert errors["choices"]["blockErrors"][1]["blockErrors"]["text"]["messages"] == [
        "This field is required."
    ]


def test_a_multiple_answer_question_may_have_several_correct_choices():
    domain = DomainFactory(letter="C")
    block = NewQuestionBlock()
    raw = new_question(domain.id, choices=(("PACS", True), ("VNA", True)), qtype="multiple")
    assert block.clean(block.to_python(raw))["stem"] == "Which system archives the images?"


def test_a_new_question_needs_a_domain_a_text_and_an_explanation():
    raw = {**new_question(None), "stem": "", "explanation": ""}
    errors = block_errors(NewQuestionBlock(), raw)
    assert "Choose the domain" in messages(errors["domain"])
    assert {"stem", "explanation"} <= set(errors)


def test_a_draft_may_hold_a_half_written_question():
    block = NewQuestionBlock()
    raw = {**new_question(None, choices=(("PACS", False),)), "explanation": ""}
    block.defer_required_validation()
    try:
        block.clean(block.to_python(raw))  # no error: the rules apply on publish
    finally:
        block.restore_deferred_validation()


def test_a_quiz_without_any_question_is_refused_with_a_message():
    raw = {"title": "Check", "questions": [None], "new_questions": [], "pass_mark": 70}
    errors = block_errors(QuizBlock(), raw)
    assert "A quiz needs a question" in messages(errors["questions"])


def _lesson_with_inline_question(domain, *, keep=None):
    course = build_course(quiz_questions=[keep or make_question(domain)])
    lesson = lessons_of(course)[0].specific
    body = lesson.body.get_prep_value()
    quiz = next(b for b in body if b["type"] == "quiz")
    quiz["value"]["new_questions"] = [
        {"type": "item", "value": new_question(domain.id), "id": "inline-1"}
    ]
    lesson.body = body
    return course, lesson


def test_publishing_the_lesson_puts_the_inline_question_in_the_bank_and_the_quiz():
    domain = DomainFactory(letter="C")
    kept = make_question(domain)
    course, lesson = _lesson_with_inline_question(domain, keep=kept)
    assert not Question.objects.filter(stem="Which system archives the images?").exists()

    lesson.save_revision().publish()

    question = Question.objects.get(stem="Which system archives the images?")
    assert question.domain == domain and question.type == "single"
    assert question.difficulty == "easy"
    assert question.explanation == "The PACS archives and distributes images."
    assert [(c.text, c.is_correct) for c in question.choices.order_by("sort_order")] == [
        ("PACS", True),
        ("RIS", False),
    ]
    lesson.refresh_from_db()
    quiz = next(b for b in lesson.body if b.block_type == "quiz")
    assert [q.id for q in quiz.value["questions"]] == [kept.id, question.id]
    assert list(quiz.value["new_questions"]) == []
    # The editor reopens on the published revision: the question is a bank question there too.
    draft = lesson.get_latest_revision_as_object()
    draft_quiz = next(b for b in draft.body if b.block_type == "quiz")
    assert [q.id for q in draft_quiz.value["questions"]] == [kept.id, question.id]
    assert not list(draft_quiz.value["new_questions"])


def test_publishing_again_creates_no_second_copy():
    domain = DomainFactory(letter="C")
    _, lesson = _lesson_with_inline_question(domain)
    lesson.save_revision().publish()
    again = lesson.get_latest_revision_as_object()
    again.save_revision().publish()
    assert Question.objects.filter(stem="Which system archives the images?").count() == 1


def test_a_learner_answers_the_inline_question_and_is_scored(client, login_as):
    domain = DomainFactory(letter="C")
    course, lesson = _lesson_with_inline_question(domain)
    lesson.save_revision().publish()
    question = Question.objects.get(stem="Which system archives the images?")
    learner = resident()
    services.enrol(user=learner, course=course)
    login_as(learner)
    page = client.get(lesson.url, **HOST).content.decode()
    assert "Which system archives the images?" in page and "PACS" in page
    quiz = next(b for b in lesson.body if b.block_type == "quiz")
    right = question.choices.get(is_correct=True)
    response = client.post(
        reverse("lesson-quiz", args=[lesson.id, quiz.id]),
        {f"q{question.id}": [right.id]},
        **HOST,
    )
    assert response.status_code == 302
    attempt = learner.quiz_attempts.get()
    assert attempt.results[str(question.id)] is True
    # The order shown is stored with the attempt, as for every bank question.
    assert sorted(attempt.choice_order[str(question.id)]) == sorted(
        question.choices.values_list("id", flat=True)
    )


def test_publishing_a_lesson_without_inline_questions_reads_no_question():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses.services.inline_questions import publish_inline_questions

    lesson = lessons_of(build_course(quiz_questions=[make_question()]))[0].specific
    lesson = type(lesson).objects.get(pk=lesson.pk)
    with CaptureQueriesContext(connection) as queries:
        assert publish_inline_questions(lesson=lesson) == []
    assert not [q["sql"] for q in queries if "SELECT" in q["sql"].upper()]
