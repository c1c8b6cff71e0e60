"""Exercise pages and their index, with the rubric they are graded by."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from content.models import DemoContentMixin
from content.routing import CachedViewRestrictionsMixin

from .materials import ReportTemplate, SampleCase


class FeedbackTiming(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately after grading")
    AFTER_DEADLINE = "after_deadline", _("After the deadline")


def validate_rubric(value: Any) -> None:
    """Rubric overrides, keyed by field id, with the keys the engine lets a rubric set
    (reporting.grading.keys.RUBRIC_KEYS: weight, tolerance, required), checked by the
    engine's own entry checker."""
    from courses.exercises.services.errors import translate_problem
    from reporting.grading.keys import RUBRIC_KEYS, check_entry

    if not isinstance(value, dict):
        raise ValidationError(_("The rubric must be a JSON object keyed by field id."))
    problems = [
        p
        for field_id, spec in value.items()
        for p in check_entry(str(field_id), spec, allowed=RUBRIC_KEYS)
    ]
    if problems:
        raise ValidationError(
            [
                f"{p.field}: {translate_problem(p)}" if p.field else translate_problem(p)
                for p in problems
            ]
        )


def rubric_help_text() -> str:
    from reporting.grading.keys import ENTRY_KEYS

    keys = "; ".join(f"{k.name}: {k.meaning}" for k in ENTRY_KEYS if k.rubric)
    return (
        'Per-field overrides, e.g. {"right_ica_psv": {"weight": 2, "tolerance": {"abs": 10}}}. '
        f"Keys: {keys}."
    )


class ExercisePage(CachedViewRestrictionsMixin, DemoContentMixin, Page):
    """A structured-reporting exercise: report a set of sample cases with a template."""

    instructions = RichTextField(features=["bold", "italic", "link", "ol", "ul"], blank=True)
    report_template = models.ForeignKey(
        ReportTemplate, on_delete=models.PROTECT, related_name="exercises"
    )
    mapping_id = models.CharField(
        max_length=100,
        blank=True,
        verbose_name=_("mapping"),
        help_text=_(
            "How measurements move from the case to the template; none: the key is entered by hand."
        ),
    )
    rule_set_ids = models.CharField(
        max_length=300,
        blank=True,
        verbose_name=_("rule sets"),
        help_text=_("Rule sets that derive fields (applied in order)."),
    )
    cases = ParentalManyToManyField(SampleCase, blank=True, related_name="exercises")
    pass_mark = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=0.7,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Share of the points needed to pass (shown and entered in percent)."),
    )
    rubric = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_rubric],
        help_text=rubric_help_text(),
    )
    attempts_allowed = models.PositiveIntegerField(
        default=3, help_text=_("Submissions per case; 0 means unlimited.")
    )
    feedback_timing = models.CharField(
        max_length=20, choices=FeedbackTiming.choices, default=FeedbackTiming.IMMEDIATE
    )
    feedback_deadline = models.DateTimeField(null=True, blank=True)
    show_derived = models.BooleanField(
        default=True, help_text=_("Let trainees see what the rules derive from their values.")
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Passing any case of this exercise completes this lesson's exercise step."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("instructions"),
        MultiFieldPanel(
            [FieldPanel("report_template"), FieldPanel("mapping_id"), FieldPanel("rule_set_ids")],
            heading=_("Template and rules"),
        ),
        FieldPanel("cases"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                HelpPanel(
                    content=_(
                        "The rubric (weight, tolerance and other accepted answers per field) "
                        "and each case's answer key are edited in Exercises › Dashboard: "
                        "Rubric, Answer keys."
                    )
                ),
                FieldPanel("attempts_allowed"),
                FieldPanel("feedback_timing"),
                FieldPanel("feedback_deadline"),
                FieldPanel("show_derived"),
                FieldPanel("lesson"),
            ],
            heading=_("Grading"),
        ),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    subpage_types: list[str] = []
    template = "exercises/exercise_page.html"

    def clean(self) -> None:
        super().clean()
        validate_rubric(self.rubric)
        if self.feedback_timing == FeedbackTiming.AFTER_DEADLINE and not self.feedback_deadline:
            raise ValidationError({"feedback_deadline": _("Feedback after a deadline needs one.")})
        from reporting.rules import RuleError, bundled_rulesets, load_ruleset
        from reporting.transfer import MappingError, bundled_mappings, load_mapping

        if self.mapping_id:
            try:
                load_mapping(self.mapping_id)
            except MappingError:
                raise ValidationError(
                    {
                        "mapping_id": _("There is no mapping “%(id)s”; the mappings are: %(all)s.")
                        % {"id": self.mapping_id, "all": ", ".join(bundled_mappings())}
                    }
                ) from None
        for rule_id in self.rule_ids():
            try:
                load_ruleset(rule_id)
            except (RuleError, FileNotFoundError, ValueError):
                raise ValidationError(
                    {
                        "rule_set_ids": _(
                            "There is no rule set “%(id)s”; the rule sets are: %(all)s."
                        )
                        % {"id": rule_id, "all": ", ".join(bundled_rulesets())}
                    }
                ) from None

    def rule_ids(self) -> list[str]:
        return [r.strip() for r in self.rule_set_ids.split(",") if r.strip()]

    def feedback_due(self, now=None) -> bool:
        if self.feedback_timing == FeedbackTiming.IMMEDIATE:
            return True
        now = now or timezone.now()
        return self.feedback_deadline is not None and now >= self.feedback_deadline

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        return redirect("exercise", exercise_id=self.pk)


class ExerciseIndexPage(CachedViewRestrictionsMixin, DemoContentMixin, Page):
    """A home for exercises when no course holds them; it shows the exercise list."""

    introduction = models.TextField(max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    subpage_types = ["exercises.ExercisePage"]

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        return redirect("exercises")
