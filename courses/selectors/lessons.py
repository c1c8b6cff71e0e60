"""A lesson page's context, its quizzes and the review of answered questions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from courses.choice_order import choices_in_order, in_shown_order, lesson_quiz_seed, shuffled_ids
from courses.models import (
    Choice,
    Enrolment,
    LessonPage,
    LessonProgress,
    PracticeExamAttempt,
    Question,
    QuizAttempt,
)
from courses.outline import outline_html
from courses.scoring import score_answers

from .lesson_frame import (
    CHOICES_MARKER,
    LessonLink,
    QuizPart,
    body_html,
    lesson_frame,
)
from .progress import progress_over
from .structure import AnyUser, ModuleOutline, course_for_lesson, course_outline


@dataclass
class QuizView:
    block_id: str
    action: str
    head_html: SafeString
    last_attempt: LastAttempt | None
    # The questions' fieldsets, choices in the order drawn for the learner's next attempt.
    questions_html: SafeString


def questions_with_choices(ids: list[int]) -> dict[int, Question]:
    """Questions by id with their choices, in two queries whatever the number."""
    qs = Question.objects.filter(id__in=ids).prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "id"))
    )
    return {q.id: q for q in qs}


def lesson_page_context(
    lesson: LessonPage, user: AnyUser, *, preview: bool = False
) -> dict[str, Any]:
    """The lesson page: the shared frame (cached, `lesson_frame`) plus this learner's
    enrolment, progress, quiz attempts and the choice order of their next attempts."""
    frame = lesson_frame(lesson, preview=preview)
    course = frame.course
    # The page only asks whether the learner is enrolled.
    enrolment = (
        course is not None
        and user.is_authenticated
        and Enrolment.objects.filter(user=user, course_id=course.id).exists()
    )
    progress_url = frame.video_progress_url if enrolment else None
    last_attempts, attempt_counts = _quiz_attempts(user, lesson) if frame.quizzes else ({}, {})
    items: list[dict[str, Any]] = []
    for part in frame.parts:
        if isinstance(part, QuizPart):
            items.append({"quiz": _quiz_view(part, user, lesson, last_attempts, attempt_counts)})
        else:
            items.append({"html": body_html(part, progress_url=progress_url)})
    context: dict[str, Any] = {
        "course": course,
        "enrolment": enrolment,
        "body_items": items,
        "read_url": frame.read_url,
        "heading_html": mark_safe(frame.heading_html),  # noqa: S308 (rendered, escaped)
    }
    if course is None:
        return context
    lessons = course.lessons
    done_ids, this_lesson = _progress_marks(user, lessons, lesson.id)
    index = next((i for i, x in enumerate(lessons) if x.id == lesson.id), None)
    context.update(
        {
            "outline": lessons,
            "outline_html": outline_html(
                course.id,
                outline=lambda: _outline_of(lesson),
                current_id=lesson.id,
                done_ids=done_ids,
            ),
            "lesson_progress": this_lesson,
            "course_progress": progress_over(lessons, done_ids=done_ids),
            "previous_lesson": lessons[index - 1] if index else None,
            "next_lesson": lessons[index + 1]
            if index is not None and index + 1 < len(lessons)
            else None,
        }
    )
    return context


@dataclass(frozen=True)
class ProgressMarks:
    read_at: datetime | None
    completed_at: datetime | None


def _progress_marks(
    user: AnyUser, lessons: tuple[LessonLink, ...], lesson_id: int
) -> tuple[set[int], ProgressMarks | None]:
    """The course's lessons this learner has completed, and their marks on this one."""
    if not user.is_authenticated or not lessons:
        return set(), None
    rows = LessonProgress.objects.filter(user=user, lesson_id__in=[x.id for x in lessons])
    done, this = set(), None
    for pk, read_at, completed_at in rows.values_list("lesson_id", "read_at", "completed_at"):
        if completed_at is not None:
            done.add(pk)
        if pk == lesson_id:
            this = ProgressMarks(read_at=read_at, completed_at=completed_at)
    return done, this


def _outline_of(lesson: LessonPage) -> list[ModuleOutline]:
    course = course_for_lesson(lesson)
    return course_outline(course) if course is not None else []


@dataclass(frozen=True)
class LastAttempt:
    id: int
    score: int
    passed: bool


def _quiz_attempts(
    user: AnyUser, lesson: LessonPage
) -> tuple[dict[str, LastAttempt], dict[str, int]]:
    """Per quiz block: the learner's last attempt, and how many they have made."""
    last: dict[str, LastAttempt] = {}
    counts: dict[str, int] = defaultdict(int)
    if user.is_authenticated:
        attempts = QuizAttempt.objects.filter(user=user, lesson=lesson).order_by("created_at")
        for pk, block_id, score, passed in attempts.values_list(
            "id", "block_id", "score", "passed"
        ):
            last[block_id] = LastAttempt(id=pk, score=score, passed=passed)
            counts[block_id] += 1
    return last, counts


def _quiz_view(
    part: QuizPart,
    user: AnyUser,
    lesson: LessonPage,
    last_attempts: dict[str, LastAttempt],
    attempt_counts: dict[str, int],
) -> QuizView:
    # The order this learner's next attempt shows, drawn as the quiz service draws it
    # when it scores the submission (courses.choice_order).
    seed = lesson_quiz_seed(
        user_id=user.id or 0,
        lesson_id=lesson.id,
        block_id=part.block_id,
        attempt_number=attempt_counts.get(part.block_id, 0) + 1,
    )
    fieldsets = []
    for question in part.questions:
        order = shuffled_ids(
            question_id=question.id, choice_ids=[c.id for c in question.choices], seed=seed
        )
        choices = "".join(c.html for c in in_shown_order(question.choices, order))
        fieldsets.append(question.html.replace(CHOICES_MARKER, choices))
    return QuizView(
        block_id=part.block_id,
        action=part.action,
        head_html=mark_safe(part.head_html),  # noqa: S308 (rendered, escaped, in the frame)
        last_attempt=last_attempts.get(part.block_id),
        # Safe: every piece was rendered (escaped) by its template in the frame.
        questions_html=mark_safe("".join(fieldsets)),  # noqa: S308
    )


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
