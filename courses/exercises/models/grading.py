"""Answer keys, submissions, grade results and regrade jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .materials import SampleCase
from .pages import ExercisePage


class AnswerKey(models.Model):
    """The key for one case in one exercise: derived by the engine, overridable per field."""

    exercise = models.ForeignKey(ExercisePage, on_delete=models.CASCADE, related_name="keys")
    case = models.ForeignKey(SampleCase, on_delete=models.CASCADE, related_name="keys")
    derived = models.JSONField(default=dict, help_text=gettext_lazy("Key as built by the engine."))
    overrides = models.JSONField(default=dict, blank=True, help_text="{field: {spec keys}}")
    transfer = models.JSONField(
        default=dict, help_text=gettext_lazy("Engine transfer result for the case.")
    )
    key_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exercise", "case"], name="exercises_key_per_case")
        ]

    def __str__(self) -> str:
        return f"Key: {self.exercise} / {self.case}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    QUEUED = "queued", gettext_lazy("Queued for grading")
    GRADING = "grading", gettext_lazy("Being graded")
    GRADED = "graded", gettext_lazy("Graded")
    FAILED = "failed", gettext_lazy("Grading failed")


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
        default=1,
        help_text=gettext_lazy("How many times the engine produced this row (regrades included)."),
    )

    def __str__(self) -> str:
        return f"{self.submission}: {self.score:.0%}"


class RegradeStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting")
    RUNNING = "running", gettext_lazy("Running")
    DONE = "done", gettext_lazy("Done")
    FAILED = "failed", gettext_lazy("Failed")


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
