"""The lesson's quiz block: questions chosen from the bank, or written on the spot.

A question written inside the block ("New questions") is a draft of a question-bank entry:
the lesson's draft keeps it inline, and publishing the lesson turns it into a real
`Question` snippet and moves it to the block's chosen questions
(courses.services.inline_questions). The bank stays the one source of truth for what
learners answer, so per-attempt shuffling, scoring, review and the CSV export treat it
as any other question.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from courses.question_rules import choice_problems


def question_types() -> list[tuple[str, str]]:
    from courses.models import QuestionType

    return list(QuestionType.choices)


def difficulties() -> list[tuple[str, str]]:
    from courses.models import Difficulty

    return list(Difficulty.choices)


class NewChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=500, label=_("Choice"))
    is_correct = blocks.BooleanBlock(required=False, label=_("Correct"))

    class Meta:
        icon = "tick"
        label = _("Choice")


def _merge(errors: dict, name: str, message: str) -> None:
    if name not in errors:
        errors[name] = ValidationError(message)


class NewQuestionBlock(blocks.StructBlock):
    """A question written in the lesson; on publish it joins the bank (see module doc)."""

    domain = SnippetChooserBlock("courses.Domain", required=False, label=_("Domain"))
    type = blocks.ChoiceBlock(choices=question_types, default="single", label=_("Type"))
    difficulty = blocks.ChoiceBlock(choices=difficulties, default="medium", label=_("Difficulty"))
    stem = blocks.TextBlock(label=_("Question"))
    choices = blocks.ListBlock(
        NewChoiceBlock(),
        default=[{"text": "", "is_correct": False}, {"text": "", "is_correct": False}],
        label=_("Choices"),
        help_text=_("At least two; tick the correct one (or ones, for multiple answers)."),
    )
    explanation = blocks.TextBlock(
        label=_("Explanation"), help_text=_("Shown after the learner answers.")
    )

    def clean(self, value):
        errors: dict = {}
        try:
            cleaned = super().clean(value)
        except StructBlockValidationError as error:
            errors = dict(error.block_errors)
            cleaned = value
        if not self.is_deferred_validation:
            # A draft may be half-written; the bank's rules apply when the lesson is published.
            if not cleaned.get("domain"):
                _merge(errors, "domain", gettext("Choose the domain this question belongs to."))
            problems = choice_problems(
                question_type=cleaned.get("type") or "single",
                choices=[
                    (c.get("text") or "", bool(c.get("is_correct")))
                    for c in cleaned.get("choices") or []
                ],
            )
            if problems and "choices" not in errors:
                errors["choices"] = ListBlockValidationError(
                    non_block_errors=ErrorList([ValidationError(p) for p in problems])
                )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return cleaned

    class Meta:
        icon = "help"
        label = _("New question")


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160, default="Check your understanding")
    # An empty chooser is allowed (and skipped) so a quiz may hold only new questions.
    questions = blocks.ListBlock(
        SnippetChooserBlock("courses.Question", required=False),
        label=_("Questions from the bank"),
    )
    new_questions = blocks.ListBlock(
        NewQuestionBlock(),
        default=[],
        label=_("New questions"),
        help_text=_(
            "Write a question here without leaving the lesson: publishing the lesson adds "
            "it to the question bank and to this quiz."
        ),
    )
    pass_mark = blocks.IntegerBlock(
        min_value=0, max_value=100, default=70, help_text=_("Percent needed to pass.")
    )

    def clean(self, value):
        cleaned = super().clean(value)
        if not self.is_deferred_validation and not (
            any(q is not None for q in cleaned.get("questions") or [])
            or list(cleaned.get("new_questions") or [])
        ):
            raise StructBlockValidationError(
                block_errors={
                    "questions": ListBlockValidationError(
                        non_block_errors=ErrorList(
                            [
                                ValidationError(
                                    gettext(
                                        "A quiz needs a question: choose one from the bank "
                                        "or write a new one below."
                                    )
                                )
                            ]
                        )
                    )
                }
            )
        return cleaned

    class Meta:
        icon = "help"
        label = _("Quiz")
