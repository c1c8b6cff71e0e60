"""Structured-reporting exercises: templates, sample cases, exercise pages, answer keys,
submissions, grade results and regrade jobs.

Business logic lives in `services` (writes) and `selectors` (reads); the models hold data,
validation and admin panels. The engine (`reporting/`) does the structured-reporting work.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from content.models import DemoContentMixin


def private_storage():
    return storages["private"]


def case_upload_path(instance: SampleCase, filename: str) -> str:
    return f"exercises/cases/{instance.sha256[:2]}/{instance.sha256}.dcm"


class ReportTemplate(models.Model):
    """An MRRT template, validated on import; the parsed model is cached as JSON."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Template id (the engine's mapping file name)."
    )
    source = models.TextField(help_text="MRRT HTML source.")
    parsed = models.JSONField(default=dict, help_text="reporting.mrrt.template_to_dict()")
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def model(self):
        """The engine's typed Template (parsed once per instance)."""
        cached = getattr(self, "_model_cache", None)
        if cached is None:
            from reporting.mrrt import parse_template

            cached = parse_template(self.source)
            self._model_cache = cached
        return cached


class CaseKind(models.TextChoices):
    CAROTID = "carotid", "Carotid duplex"
    THYROID = "thyroid", "Thyroid nodule (TI-RADS)"
    LUNG = "lung", "Lung nodule (Lung-RADS)"
    OTHER = "other", "Other"


class CaseSource(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    GENERATED = "generated", "Generated"
    DEIDENTIFIED = "deidentified", "Uploaded and de-identified"


class SampleCase(models.Model):
    """A DICOM-SR case in private storage; its content is extracted once, at upload."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CaseKind.choices, default=CaseKind.OTHER)
    file = models.FileField(storage=private_storage, upload_to=case_upload_path, max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField(default=0)
    case_data = models.JSONField(default=dict, help_text="reporting.sr Case.as_dict(tree=True)")
    source = models.CharField(max_length=20, choices=CaseSource.choices)
    generator = models.JSONField(default=dict, blank=True, help_text="kind, seed, index")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class CaseUploadStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Being checked")
    READY = "ready", _("Checked and stored")
    REFUSED = "refused", _("Refused")


def raw_upload_path(instance: CaseUpload, filename: str) -> str:
    return f"exercises/uploads/{instance.token}.dcm"


class CaseUpload(models.Model):
    """One upload and its patient-data report: what was found, where, what was done.

    A heavy file waits here (``raw``, private storage) for the Celery check; the raw bytes
    are deleted once checked, and only a de-identified or clean copy becomes a SampleCase.
    """

    token = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CaseKind.choices, default=CaseKind.OTHER)
    deidentify = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=CaseUploadStatus.choices, default=CaseUploadStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    raw = models.FileField(
        storage=private_storage, upload_to=raw_upload_path, max_length=200, blank=True
    )
    size = models.PositiveIntegerField(default=0)
    findings = models.JSONField(default=list, blank=True, help_text="reporting.phi findings")
    problems = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    case = models.ForeignKey(
        SampleCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def final(self) -> bool:
        return self.status in {CaseUploadStatus.READY, CaseUploadStatus.REFUSED}


class FeedbackTiming(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately after grading"
    AFTER_DEADLINE = "after_deadline", "After the deadline"


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


class ExercisePage(DemoContentMixin, Page):
    """A structured-reporting exercise: report a set of sample cases with a template."""

    instructions = RichTextField(features=["bold", "italic", "link", "ol", "ul"], blank=True)
    report_template = models.ForeignKey(
        ReportTemplate, on_delete=models.PROTECT, related_name="exercises"
    )
    mapping_id = models.CharField(
        max_length=100, help_text="Engine mapping id (reporting/data/mappings/<id>.json)."
    )
    rule_set_ids = models.CharField(
        max_length=300, blank=True, help_text="Engine rule set ids, comma-separated."
    )
    cases = ParentalManyToManyField(SampleCase, blank=True, related_name="exercises")
    pass_mark = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=0.7,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Fraction of the points needed to pass (0-1).",
    )
    rubric = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_rubric],
        help_text=rubric_help_text(),
    )
    attempts_allowed = models.PositiveIntegerField(
        default=3, help_text="Submissions per case; 0 means unlimited."
    )
    feedback_timing = models.CharField(
        max_length=20, choices=FeedbackTiming.choices, default=FeedbackTiming.IMMEDIATE
    )
    feedback_deadline = models.DateTimeField(null=True, blank=True)
    show_derived = models.BooleanField(
        default=True, help_text="Let trainees see what the rules derive from their values."
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Passing any case of this exercise completes this lesson's exercise step.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("instructions"),
        MultiFieldPanel(
            [FieldPanel("report_template"), FieldPanel("mapping_id"), FieldPanel("rule_set_ids")],
            heading="Template and rules",
        ),
        FieldPanel("cases"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("rubric"),
                FieldPanel("attempts_allowed"),
                FieldPanel("feedback_timing"),
                FieldPanel("feedback_deadline"),
                FieldPanel("show_derived"),
                FieldPanel("lesson"),
            ],
            heading="Grading",
        ),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    subpage_types: list[str] = []
    template = "exercises/exercise_page.html"

    def clean(self) -> None:
        super().clean()
        validate_rubric(self.rubric)
        if self.feedback_timing == FeedbackTiming.AFTER_DEADLINE and not self.feedback_deadline:
            raise ValidationError({"feedback_deadline": "Feedback after a deadline needs one."})
        from reporting.rules import RuleError, load_ruleset
        from reporting.transfer import MappingError, load_mapping

        try:
            load_mapping(self.mapping_id)
        except MappingError as error:
            raise ValidationError({"mapping_id": str(error)})
        for rule_id in self.rule_ids():
            try:
                load_ruleset(rule_id)
            except (RuleError, FileNotFoundError, ValueError) as error:
                raise ValidationError({"rule_set_ids": f"{rule_id}: {error}"})

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


class ExerciseIndexPage(DemoContentMixin, Page):
    """A home for exercises when no course holds them; it shows the exercise list."""

    introduction = models.TextField(max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    subpage_types = ["exercises.ExercisePage"]

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        return redirect("exercises")


class AnswerKey(models.Model):
    """The key for one case in one exercise: derived by the engine, overridable per field."""

    exercise = models.ForeignKey(ExercisePage, on_delete=models.CASCADE, related_name="keys")
    case = models.ForeignKey(SampleCase, on_delete=models.CASCADE, related_name="keys")
    derived = models.JSONField(default=dict, help_text="Key as built by the engine.")
    overrides = models.JSONField(default=dict, blank=True, help_text="{field: {spec keys}}")
    transfer = models.JSONField(default=dict, help_text="Engine transfer result for the case.")
    key_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exercise", "case"], name="exercises_key_per_case")
        ]

    def __str__(self) -> str:
        return f"Key: {self.exercise} / {self.case}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    QUEUED = "queued", "Queued for grading"
    GRADING = "grading", "Being graded"
    GRADED = "graded", "Graded"
    FAILED = "failed", "Grading failed"


class Submission(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_submissions"
    )
    exercise = models.ForeignKey(ExercisePage, on_delete=models.CASCADE, related_name="submissions")
    case = models.ForeignKey(SampleCase, on_delete=models.PROTECT, related_name="submissions")
    attempt = models.PositiveIntegerField(default=1)
    values = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "exercise", "case", "attempt"], name="exercises_one_attempt"
            )
        ]
        indexes = [models.Index(fields=["status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.user} / {self.exercise} / {self.case} #{self.attempt}"


class GradeResult(models.Model):
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="result")
    score = models.FloatField(help_text="0..1")
    points = models.FloatField()
    possible = models.FloatField()
    passed = models.BooleanField()
    pass_mark = models.FloatField()
    feedback = models.JSONField(default=list)
    extra_fields = models.JSONField(default=list, blank=True)
    grader_version = models.CharField(max_length=40)
    key_hash = models.CharField(max_length=64)
    graded_at = models.DateTimeField(default=timezone.now)
    grading_count = models.PositiveIntegerField(
        default=1, help_text="How many times the engine produced this row (regrades included)."
    )

    def __str__(self) -> str:
        return f"{self.submission}: {self.score:.0%}"


class RegradeStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class RegradeJob(models.Model):
    exercise = models.ForeignKey(ExercisePage, on_delete=models.CASCADE, related_name="regrades")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=RegradeStatus.choices, default=RegradeStatus.PENDING
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Regrade {self.exercise} ({self.done}/{self.total})"
