"""Scoring answers: the one rule for right and wrong, used by quizzes, practice exams and
their reviews (no database access beyond the prefetched choices)."""

from __future__ import annotations

from courses.models import Question


def score_answers(
    *, questions: list[Question], answers: dict[int, set[int]]
) -> tuple[dict[str, bool], int]:
    """Each question is right only if the chosen set equals the correct set."""
    results = {
        str(q.id): answers.get(q.id, set()) == set(q.correct_choice_ids()) for q in questions
    }
    score = round(100 * sum(results.values()) / len(questions)) if questions else 0
    return results, score
