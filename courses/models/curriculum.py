"""The curriculum: domains, topics and learning objectives."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

# --- Curriculum -------------------------------------------------------------------------


class Domain(models.Model):
    """One of the ten CIIP-style domains; its weight drives practice-exam draws."""

    letter = models.CharField(max_length=1, unique=True, help_text=gettext_lazy("A to J."))
    name = models.CharField(max_length=120)
    weight = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100)],
        help_text=gettext_lazy("Share of the exam, in percent."),
    )
    description = models.TextField(blank=True)
    european_note = models.TextField(
        gettext_lazy("European adaptation"),
        blank=True,
        help_text=gettext_lazy("EU law and standards for this domain."),
    )

    panels = [
        FieldPanel("letter"),
        FieldPanel("name"),
        FieldPanel("weight"),
        FieldPanel("description"),
        FieldPanel("european_note"),
    ]

    # Set by courses.selectors.structure.curriculum_with_coverage (annotations only: no
    # attribute, no field).
    objective_count: int
    covered_count: int

    class Meta:
        ordering = ["letter"]

    def __str__(self) -> str:
        return f"{self.letter}. {self.name}"

    def clean(self) -> None:
        self.letter = (self.letter or "").upper()
        if self.letter not in "ABCDEFGHIJ" or not self.letter:
            raise ValidationError({"letter": gettext_lazy("Use one letter from A to J.")})


class EsrLevel(models.TextChoices):
    I = "I", gettext_lazy("Level I (undergraduate)")  # noqa: E741
    II = "II", gettext_lazy("Level II (specialist training)")
    III = "III", gettext_lazy("Level III (subspecialty)")


class Topic(ClusterableModel):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=200)
    esr_level = models.CharField("ESR level", max_length=3, choices=EsrLevel.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("domain"),
        FieldPanel("title"),
        FieldPanel("esr_level"),
        FieldPanel("sort_order"),
        InlinePanel("objectives", label=gettext_lazy("Learning objectives")),
    ]

    class Meta:
        ordering = ["domain__letter", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.domain.letter}: {self.title}"


class ObjectiveKind(models.TextChoices):
    KNOWLEDGE = "knowledge", gettext_lazy("Knowledge")
    SKILL = "skill", gettext_lazy("Skill")
    COMPETENCE = "competence", gettext_lazy("Competence")


class LearningObjective(Orderable):
    topic = ParentalKey(Topic, on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(max_length=12, choices=ObjectiveKind.choices)
    text = models.CharField(max_length=400)

    panels = [FieldPanel("kind"), FieldPanel("text")]

    def __str__(self) -> str:
        return f"{self.topic.domain.letter} · {self.text[:80]}"
