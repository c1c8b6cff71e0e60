"""What makes a question answerable: the rules the bank holds every question to.

One place for the rules that the question written inside a lesson's quiz block is held
to (courses.quiz_blocks), and the question snippet's admin form: enough choices, a key,
and a single-answer question with one key only (the question import states the same
rules in its row report).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext

MIN_CHOICES = 2


def choice_problems(*, question_type: str, choices: Sequence[tuple[str, bool]]) -> list[str]:
    """What is wrong with a question's choices, as (text, is_correct) pairs, in words an
    author reads next to the choices; empty when nothing is."""
    written = [(text.strip(), correct) for text, correct in choices if (text or "").strip()]
    problems = []
    if len(written) < MIN_CHOICES:
        problems.append(gettext("Give at least two choices, each with a text."))
    n_correct = sum(1 for _, correct in written if correct)
    if n_correct == 0:
        problems.append(gettext("Mark at least one choice as correct."))
    elif question_type == "single" and n_correct > 1:
        problems.append(
            gettext(
                "A single-answer question has exactly one correct choice: mark one, or "
                "make it a multiple-answer question."
            )
        )
    return problems
