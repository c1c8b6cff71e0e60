"""Curriculum, course pages, question bank, enrolment, progress and certificates."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content.models import AnonymousPageCacheMixin, DemoContentMixin
from courses.admin_forms import CoursePageForm
from courses.blocks import LessonBodyBlock


def private_storage():
    return storages["private"]


# --- Curriculum -------------------------------------------------------------------------


class Domain(models.Model):
    """One of the ten CIIP-style domains; its weight drives practice-exam draws."""

    letter = models.CharField(max_length=1, unique=True, help_text="A to J.")
    name = models.CharField(max_length=120)
    weight = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100)], help_text="Share of the exam, in percent."
    )
    description = models.TextField(blank=True)
    european_note = models.TextField(
        "European adaptation", blank=True, help_text="EU law and standards for this domain."
    )

    panels = [
        FieldPanel("letter"),
        FieldPanel("name"),
        FieldPanel("weight"),
        FieldPanel("description"),
        FieldPanel("european_note"),
    ]

    class Meta:
        ordering = ["letter"]

    def __str__(self) -> str:
        return f"{self.letter}. {self.name}"

    def clean(self) -> None:
        self.letter = (self.letter or "").upper()
        if self.letter not in "ABCDEFGHIJ" or not self.letter:
            raise ValidationError({"letter": "Use one letter from A to J."})


class EsrLevel(models.TextChoices):
    I = "I", "Level I (undergraduate)"  # noqa: E741
    II = "II", "Level II (specialist training)"
    III = "III", "Level III (subspecialty)"


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
        InlinePanel("objectives", label="Learning objectives"),
    ]

    class Meta:
        ordering = ["domain__letter", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.domain.letter}: {self.title}"


class ObjectiveKind(models.TextChoices):
    KNOWLEDGE = "knowledge", "Knowledge"
    SKILL = "skill", "Skill"
    COMPETENCE = "competence", "Competence"


class LearningObjective(Orderable):
    topic = ParentalKey(Topic, on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(max_length=12, choices=ObjectiveKind.choices)
    text = models.CharField(max_length=400)

    panels = [FieldPanel("kind"), FieldPanel("text")]

    def __str__(self) -> str:
        return f"{self.topic.domain.letter} · {self.text[:80]}"


# --- Question bank ----------------------------------------------------------------------


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class QuestionType(models.TextChoices):
    SINGLE = "single", "Single answer"
    MULTIPLE = "multiple", "Multiple answers"


class Question(index.Indexed, ClusterableModel):
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="questions")
    difficulty = models.CharField(
        max_length=6, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    type = models.CharField(max_length=8, choices=QuestionType.choices, default=QuestionType.SINGLE)
    stem = models.TextField()
    explanation = models.TextField(help_text="Shown after the learner answers.")
    is_demo = models.BooleanField(default=False)

    panels = [
        FieldPanel("domain"),
        FieldPanel("difficulty"),
        FieldPanel("type"),
        FieldPanel("stem"),
        FieldPanel("explanation"),
        InlinePanel("choices", label="Choices", min_num=2),
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


# --- Pages ------------------------------------------------------------------------------


class CourseIndexPage(DemoContentMixin, Page):
    introduction = models.TextField(max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    template = "courses/course_index_page.html"

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_cards

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = course_cards(self, request.user)
        return context


class CoursePage(AnonymousPageCacheMixin, DemoContentMixin, Page):
    summary = models.TextField(max_length=600)
    audience = models.CharField(max_length=300, blank=True)
    authors = models.CharField(max_length=300, blank=True, help_text="Names, comma-separated.")
    estimated_minutes = models.PositiveIntegerField(default=60, validators=[MinValueValidator(5)])
    cme_credits = models.DecimalField(
        "CME credits (ECMEC)",
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        help_text="EACCME e-learning: 1 ECMEC per hour of learning, in steps of 0.5.",
    )
    accreditation_number = models.CharField(max_length=80, blank=True)
    objectives = ParentalManyToManyField(LearningObjective, blank=True, related_name="courses")
    prerequisites = ParentalManyToManyField(
        "self", blank=True, symmetrical=False, related_name="required_by"
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requires_evaluation = models.BooleanField(
        default=True,
        help_text="Learners must submit the evaluation form before a certificate is issued "
        "(EACCME requires it for credits).",
    )
    # Who teaches the course: they (and staff) see its learners, gradebooks and trainees'
    # work, and manage its exercises (courses.teaching).
    teaching_staff = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="courses_taught",
        limit_choices_to={"groups__name": "Instructors"},
        help_text="Instructors who teach this course: they see its learners and their work.",
    )

    base_form_class = CoursePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("authors"),
        FieldPanel("cover_image"),
        FieldPanel("objectives"),
        FieldPanel("prerequisites"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("cme_credits"),
                FieldPanel("accreditation_number"),
                FieldPanel("requires_evaluation"),
            ],
            heading="CME accreditation",
        ),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("teaching_staff", widget=forms.CheckboxSelectMultiple),
        FieldPanel("is_demo"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "exercises.ExercisePage"]
    template = "courses/course_page.html"

    def clean(self) -> None:
        super().clean()
        ecmec = self.cme_credits or Decimal("0")
        if ecmec < 0 or (ecmec * 2) % 1 != 0:
            raise ValidationError({"cme_credits": "Credits go in steps of 0.5 ECMEC."})
        max_credits = Decimal((self.estimated_minutes or 0) // 30) / 2
        if ecmec > max_credits:
            raise ValidationError(
                {
                    "cme_credits": f"At 1 ECMEC per hour, {self.estimated_minutes} minutes "
                    f"allow at most {max_credits} ECMEC."
                }
            )

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(self, request.user))
        return context


class ModulePage(DemoContentMixin, Page):
    summary = models.TextField(max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        first = LessonPage.objects.child_of(self).live().first()
        if first is None:
            raise Http404("This module has no lessons yet.")
        return redirect(first.get_url(request))


class CompletionRule(models.TextChoices):
    READ = "read", "Marked as read"
    QUIZ = "quiz", "Quiz passed"
    VIDEO = "video", "Video watched to 90%"
    EXERCISE = "exercise", "Exercise passed"


class LessonPage(AnonymousPageCacheMixin, DemoContentMixin, Page):
    summary = models.TextField(max_length=600, blank=True)
    body = StreamField(LessonBodyBlock(), blank=True)
    completion_rule = models.CharField(
        max_length=10, choices=CompletionRule.choices, default=CompletionRule.READ
    )
    required = models.BooleanField(default=True, help_text="Needed to complete the course.")
    estimated_minutes = models.PositiveIntegerField(default=10)
    objectives = ParentalManyToManyField(LearningObjective, blank=True, related_name="lessons")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [
                FieldPanel("completion_rule"),
                FieldPanel("required"),
                FieldPanel("estimated_minutes"),
            ],
            heading="Completion",
        ),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"

    def clean(self) -> None:
        super().clean()
        kinds = {block.block_type for block in self.body}
        needed = {
            CompletionRule.QUIZ: "quiz",
            CompletionRule.VIDEO: "video",
            CompletionRule.EXERCISE: "reporting_exercise",
        }.get(self.completion_rule)
        if needed and needed not in kinds:
            raise ValidationError(
                {
                    "completion_rule": f"This rule needs a '{needed.replace('_', ' ')}' "
                    "block in the lesson body."
                }
            )

    def video_media_ids(self) -> set[int]:
        return {
            b.value["video"].id for b in self.body if b.block_type == "video" and b.value["video"]
        }

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import lesson_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_page_context(self, request.user))
        return context


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

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course_id}"


class ProgressStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


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
