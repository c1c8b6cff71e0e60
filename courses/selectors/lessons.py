"""A lesson page's context, its quizzes and the review of answered questions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from courses.choice_order import choices_in_order, lesson_quiz_seed, order_for
from courses.models import (
    Choice,
    LessonPage,
    PracticeExamAttempt,
    Question,
    QuizAttempt,
)
from courses.outline import outline_html
from courses.scoring import score_answers

from .progress import _is_done, course_progress, enrolment_for, progress_by_lesson
from .structure import AnyUser, course_for_lesson, course_outline


@dataclass
class QuizView:
    block_id: str
    title: str
    pass_mark: int
    questions: list[Question]
    last_attempt: QuizAttempt | None = None
    # (question, its choices in the order drawn for the learner's next attempt)
    shown: list[tuple[Question, list[Choice]]] = field(default_factory=list)


def questions_with_choices(ids: list[int]) -> dict[int, Question]:
    """Questions by id with their choices, in two queries whatever the number."""
    qs = Question.objects.filter(id__in=ids).prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "id"))
    )
    return {q.id: q for q in qs}


def lesson_page_context(lesson: LessonPage, user: AnyUser) -> dict[str, Any]:
    course = course_for_lesson(lesson)
    context: dict[str, Any] = {"course": course}
    blocks = list(lesson.body)
    quiz_ids: list[int] = []
    for block in blocks:
        if block.block_type == "quiz":
            quiz_ids.extend(q.id for q in block.value["questions"] if q is not None)
    bank = questions_with_choices(quiz_ids) if quiz_ids else {}
    attempts: dict[str, QuizAttempt] = {}
    attempt_counts: dict[str, int] = defaultdict(int)
    if quiz_ids and user.is_authenticated:
        for attempt in QuizAttempt.objects.filter(user=user, lesson=lesson).order_by("created_at"):
            attempts[attempt.block_id] = attempt
            attempt_counts[attempt.block_id] += 1
    items = []
    for block in blocks:
        item: dict[str, Any] = {"block": block}
        if block.block_type == "quiz":
            questions = [
                bank[q.id] for q in block.value["questions"] if q is not None and q.id in bank
            ]
            seed = lesson_quiz_seed(
                user_id=user.id or 0,
                lesson_id=lesson.id,
                block_id=block.id,
                attempt_number=attempt_counts[block.id] + 1,
            )
            order = order_for(questions=questions, seed=seed)
            item["quiz"] = QuizView(
                block_id=block.id,
                title=block.value["title"],
                pass_mark=block.value["pass_mark"],
                questions=questions,
                last_attempt=attempts.get(block.id),
                shown=[(q, choices_in_order(question=q, order=order)) for q in questions],
            )
        items.append(item)
    context["body_items"] = items
    if course is None:
        return context
    outline = course_outline(course)
    lessons = [x for m in outline for x in m.lessons]
    progress = progress_by_lesson(user, [x.id for x in lessons])
    for x in lessons:
        x.is_done = _is_done(progress.get(x.id))
    index = next((i for i, x in enumerate(lessons) if x.id == lesson.id), None)
    context.update(
        {
            "outline": outline,
            "outline_html": outline_html(
                course,
                outline,
                current_id=lesson.id,
                done_ids=[x.id for x in lessons if x.is_done],
            ),
            "enrolment": enrolment_for(user, course),
            "lesson_progress": progress.get(lesson.id),
            "course_progress": course_progress(user, course, lessons, progress),
            "previous_lesson": lessons[index - 1] if index else None,
            "next_lesson": lessons[index + 1]
            if index is not None and index + 1 < len(lessons)
            else None,
        }
    )
    return context


def answer_review(
    *,
    questions: list[Question],
    answers: dict[str, list[int]],
    order: dict[str, list[int]],
    results: dict[str, bool],
) -> list[dict[str, Any]]:
    """What a learner answered, question by question, with the choices in the order the
    attempt showed them, and whether each was right (`results`, from the scoring rule)."""
    review = []
    for question in questions:
        chosen = set(answers.get(str(question.id), []))
        review.append(
            {
                "question": question,
                "correct": results.get(str(question.id), False),
                "choices": [
                    {"choice": c, "chosen": c.id in chosen}
                    for c in choices_in_order(question=question, order=order)
                ],
            }
        )
    return review


def quiz_attempt_review(*, attempt: QuizAttempt) -> list[dict[str, Any]]:
    """A quiz attempt's review, right or wrong as stored when it was scored (a key edited
    later does not rewrite history)."""
    ids = [int(k) for k in attempt.answers]
    bank = questions_with_choices(ids)
    return answer_review(
        questions=[bank[i] for i in ids if i in bank],
        answers=attempt.answers,
        order=attempt.choice_order,
        results=attempt.results,
    )


def practice_exam_context(*, attempt: PracticeExamAttempt) -> dict[str, Any]:
    """A practice exam's page: its questions with the choices in the attempt's order and,
    once submitted, the review scored by the one scoring rule (`courses.scoring`)."""
    bank = questions_with_choices(attempt.question_ids)
    questions = [bank[i] for i in attempt.question_ids if i in bank]
    context: dict[str, Any] = {
        "attempt": attempt,
        "questions": questions,
        "shown": [(q, choices_in_order(question=q, order=attempt.choice_order)) for q in questions],
        "now": timezone.now(),
    }
    if attempt.submitted_at:
        answers = {int(k): set(v) for k, v in attempt.answers.items()}
        results, _score = score_answers(questions=questions, answers=answers)
        context["review"] = answer_review(
            questions=questions,
            answers=attempt.answers,
            order=attempt.choice_order,
            results=results,
        )
    return context
