"""What a learner leaves behind: enrolment, progress, attempts, evaluations and certificates."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from .pages import CoursePage, LessonPage


def private_storage():
    return storages["private"]


# --- Learner records --------------------------------------------------------------------


class Enrolment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The name the learner confirmed for this course's certificate (empty: not yet). The
    # certificate is issued only after this step, and prints exactly this.
    certificate_name = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course_id}"


class ProgressStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    COMPLETED = "completed", gettext_lazy("Completed")


class LessonProgress(models.Model):
    """One row per learner and lesson page (keyed by page id, so edits keep progress)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(
        max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.IN_PROGRESS
    )
    read_at = models.DateTimeField(null=True, blank=True)
    quiz_passed_at = models.DateTimeField(null=True, blank=True)
    video_fractions = models.JSONField(default=dict, blank=True)  # {media_id: max fraction}
    video_watched_at = models.DateTimeField(null=True, blank=True)
    exercise_passed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson")
        ]

    @property
    def video_fraction(self) -> float:
        return max(self.video_fractions.values(), default=0.0)


class QuizAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="quiz_attempts")
    block_id = models.CharField(max_length=64)
    answers = models.JSONField(default=dict)  # {question_id: [choice ids]}
    # The order the choices were shown in: {question_id: [choice ids]} (empty before 0002).
    choice_order = models.JSONField(default=dict, blank=True)
    results = models.JSONField(default=dict)  # {question_id: true/false}
    score = models.PositiveSmallIntegerField()  # percent
    pass_mark = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class CourseEvaluation(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_evaluations"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="evaluations")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comments = models.TextField(blank=True, max_length=4000)
    hours_spent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("100"))],
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_evaluation_per_course")
        ]


class Certificate(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(
        CoursePage, null=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    code = models.CharField(max_length=32, unique=True)
    learner_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=255)
    credits = models.DecimalField(max_digits=4, decimal_places=1)
    accreditation_number = models.CharField(max_length=80, blank=True)
    provider = models.CharField(max_length=200)
    completed_on = models.DateField()
    issued_at = models.DateTimeField(auto_now_add=True)
    pdf = models.FileField(storage=private_storage, upload_to="certificates/", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_certificate_per_course")
        ]
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.course_title} - {self.learner_name}"


class PracticeExamAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_exams"
    )
    seed = models.BigIntegerField()
    question_ids = models.JSONField(default=list)
    choice_order = models.JSONField(default=dict, blank=True)  # {question_id: [choice ids]}
    started_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    expired = models.BooleanField(default=False)
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    per_domain = models.JSONField(default=list, blank=True)  # [{letter,name,correct,total,pct}]

    class Meta:
        ordering = ["-started_at"]
