"""The question bank: questions and their choices."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from courses.admin_forms import QuestionForm

from .curriculum import Domain

# --- Question bank ----------------------------------------------------------------------


class Difficulty(models.TextChoices):
    EASY = "easy", gettext_lazy("Easy")
    MEDIUM = "medium", gettext_lazy("Medium")
    HARD = "hard", gettext_lazy("Hard")


class QuestionType(models.TextChoices):
    SINGLE = "single", gettext_lazy("Single answer")
    MULTIPLE = "multiple", gettext_lazy("Multiple answers")


class Question(index.Indexed, ClusterableModel):
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="questions")
    difficulty = models.CharField(
        max_length=6, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    type = models.CharField(max_length=8, choices=QuestionType.choices, default=QuestionType.SINGLE)
    stem = models.TextField()
    explanation = models.TextField(help_text=gettext_lazy("Shown after the learner answers."))
    is_demo = models.BooleanField(default=False)

    base_form_class = QuestionForm
    panels = [
        FieldPanel("domain"),
        FieldPanel("difficulty"),
        FieldPanel("type"),
        FieldPanel("stem"),
        FieldPanel("explanation"),
        InlinePanel("choices", label=gettext_lazy("Choices"), min_num=2),
    ]
    search_fields = [
        index.SearchField("stem"),
        index.AutocompleteField("stem"),  # the quiz block's chooser searches as you type
        index.SearchField("explanation"),
    ]

    class Meta:
        ordering = ["domain__letter", "id"]

    def __str__(self) -> str:
        return self.stem[:90]

    def correct_choice_ids(self) -> frozenset[int]:
        return frozenset(c.id for c in self.choices.all() if c.is_correct)


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField(default=False)

    panels = [FieldPanel("text"), FieldPanel("is_correct")]

    def __str__(self) -> str:
        return self.text
