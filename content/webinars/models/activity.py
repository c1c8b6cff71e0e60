"""What members do around webinars: registrations, reminders, progress, questions, votes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .common import MAX_QUESTION_LENGTH
from .recordings import RecordingPage
from .webinars import WebinarPage


class WebinarRegistration(models.Model):
    webinar = models.ForeignKey(WebinarPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webinar_registrations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["webinar", "user"], name="one_registration_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.webinar}"


class ReminderKind(models.TextChoices):
    DAY = "day", gettext_lazy("A day before")
    HOUR = "hour", gettext_lazy("An hour before")


class ReminderSent(models.Model):
    """One row per reminder e-mail; the unique constraint makes sending idempotent."""

    registration = models.ForeignKey(
        WebinarRegistration, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.registration}"


class ViewingProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="viewing_progress"
    )
    recording = models.ForeignKey(
        RecordingPage, on_delete=models.CASCADE, related_name="viewing_progress"
    )
    position_seconds = models.FloatField(default=0)
    duration_seconds = models.FloatField(null=True, blank=True)
    max_fraction = models.FloatField(default=0)
    watched_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "recording"], name="one_progress_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.position_seconds:.0f}s of {self.recording}"


class Question(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="webinar_questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webinar_questions"
    )
    text = models.TextField(max_length=MAX_QUESTION_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(default=False)
    answer = models.TextField(max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webinar_answers",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Set when the question went out in the speakers' digest: sent once per question.
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["author", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="one_vote_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} +1 {self.question_id}"
