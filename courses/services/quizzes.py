"""Lesson quizzes: answers parsed from the form, scored all-or-nothing per question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext

from courses.choice_order import lesson_quiz_seed, order_for
from courses.models import LessonPage, Question, QuestionType, QuizAttempt
from courses.scoring import score_answers
from courses.selectors import course_for_lesson, questions_with_choices
from courses.services.enrolment import require_enrolment
from courses.services.errors import CourseError
from courses.services.progress import record_quiz_result
from members.models import User

if TYPE_CHECKING:
    from wagtail.blocks import StreamValue


def parse_answers(
    *, data: MultiValueDict[str, str], questions: list[Question]
) -> dict[int, set[int]]:
    """Answers from a POST (`q<id>` -> choice ids), keeping only valid choices."""
    answers: dict[int, set[int]] = {}
    for question in questions:
        valid = {c.id for c in question.choices.all()}
        chosen: set[int] = set()
        for raw in data.getlist(f"q{question.id}"):
            try:
                value = int(raw)
            except (TypeError, ValueError):
                continue
            if value in valid:
                chosen.add(value)
        if question.type == QuestionType.SINGLE and len(chosen) > 1:
            chosen = set()  # a tampered single-answer question scores nothing
        answers[question.id] = chosen
    return answers


def find_quiz_block(*, lesson: LessonPage, block_id: str) -> StreamValue.StreamChild:
    for block in lesson.body:
        if block.block_type == "quiz" and block.id == block_id:
            return block
    raise CourseError(gettext("That quiz is not on this lesson any more."))


@transaction.atomic
def submit_quiz(
    *, user: User, lesson: LessonPage, block_id: str, data: MultiValueDict[str, str]
) -> QuizAttempt:
    require_enrolment(user=user, course=course_for_lesson(lesson))
    block = find_quiz_block(lesson=lesson, block_id=block_id)
    ids = [q.id for q in block.value["questions"] if q is not None]
    bank = questions_with_choices(ids)
    questions = [bank[i] for i in ids if i in bank]
    if not questions:
        raise CourseError(gettext("This quiz has no questions."))
    answers = parse_answers(data=data, questions=questions)
    if not any(answers.values()):
        raise CourseError(gettext("Answer at least one question before submitting."))
    results, score = score_answers(questions=questions, answers=answers)
    pass_mark = int(block.value["pass_mark"])
    # The order this learner was shown: drawn for their next attempt number (see
    # courses.choice_order), the same as the lesson page drew when it showed the form.
    earlier = QuizAttempt.objects.filter(user=user, lesson=lesson, block_id=block_id).count()
    seed = lesson_quiz_seed(
        user_id=user.id, lesson_id=lesson.id, block_id=block_id, attempt_number=earlier + 1
    )
    attempt = QuizAttempt.objects.create(
        user=user,
        lesson=lesson,
        block_id=block_id,
        answers={str(k): sorted(v) for k, v in answers.items()},
        choice_order=order_for(questions=questions, seed=seed),
        results=results,
        score=score,
        pass_mark=pass_mark,
        passed=score >= pass_mark,
    )
    record_quiz_result(user=user, lesson=lesson, passed=attempt.passed)
    return attempt
