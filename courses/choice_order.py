"""The order in which a question's choices are shown: shuffled per attempt.

A fixed order lets a learner score by position (the key of a hand-written bank tends to
sit first). Each attempt draws its own order from a seed that names the attempt, so the
page that shows the question and the submission that scores it agree without storing
anything before the learner submits; the attempt then stores the order it showed, so its
review shows the choices exactly as they were seen.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from courses.models import Choice, Question


class _Ordered(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def sort_order(self) -> int: ...


ChoiceT = TypeVar("ChoiceT", bound=_Ordered)


def shuffled_ids(*, question_id: int, choice_ids: Sequence[int], seed: str) -> list[int]:
    """`choice_ids` (in the bank's order) as drawn for `seed` (stable for the same seed)."""
    ids = list(choice_ids)
    digest = hashlib.sha256(f"{seed}:{question_id}".encode()).digest()
    random.Random(digest).shuffle(ids)
    return ids


def shuffled_choice_ids(*, question: Question, seed: str) -> list[int]:
    """The question's choice ids in the order drawn for `seed` (stable for the same seed)."""
    return shuffled_ids(
        question_id=question.id, choice_ids=[c.id for c in question.choices.all()], seed=seed
    )


def order_for(*, questions: Iterable[Question], seed: str) -> dict[str, list[int]]:
    """The order of every question's choices for one attempt, as stored with it."""
    return {str(q.id): shuffled_choice_ids(question=q, seed=seed) for q in questions}


def choices_in_order(*, question: Question, order: dict[str, list[int]]) -> list[Choice]:
    """The choices as the attempt showed them; choices added since go last, removed ones
    are left out (the question may have been edited after the attempt)."""
    return in_shown_order(list(question.choices.all()), order.get(str(question.id), []))


def in_shown_order(choices: Sequence[ChoiceT], shown: Sequence[int]) -> list[ChoiceT]:
    """`choices` in the order of the ids in `shown`; others go last, by their sort order."""
    position = {cid: i for i, cid in enumerate(shown)}
    return sorted(choices, key=lambda c: position.get(c.id, len(position) + c.sort_order))


def lesson_quiz_seed(*, user_id: int, lesson_id: int, block_id: str, attempt_number: int) -> str:
    return f"quiz:{user_id}:{lesson_id}:{block_id}:{attempt_number}"


def practice_exam_seed(*, attempt_seed: int) -> str:
    return f"practice:{attempt_seed}"
