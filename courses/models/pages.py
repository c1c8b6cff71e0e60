"""Course index, course, module and lesson pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content.models import AnonymousPageCacheMixin, DemoContentMixin
from content.routing import CachedViewRestrictionsMixin
from courses.admin_forms import CoursePageForm
from courses.blocks import LessonBodyBlock

from .curriculum import LearningObjective

# --- Pages ------------------------------------------------------------------------------


class CourseIndexPage(CachedViewRestrictionsMixin, DemoContentMixin, Page):
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


class CoursePage(AnonymousPageCacheMixin, CachedViewRestrictionsMixin, DemoContentMixin, Page):
    summary = models.TextField(max_length=600)
    audience = models.CharField(max_length=300, blank=True)
    authors = models.CharField(
        max_length=300, blank=True, help_text=gettext_lazy("Names, comma-separated.")
    )
    estimated_minutes = models.PositiveIntegerField(default=60, validators=[MinValueValidator(5)])
    cme_credits = models.DecimalField(
        "CME credits (ECMEC)",
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        help_text=gettext_lazy("EACCME e-learning: 1 ECMEC per hour of learning, in steps of 0.5."),
    )
    accreditation_number = models.CharField(max_length=80, blank=True)
    objectives = ParentalManyToManyField(LearningObjective, blank=True, related_name="courses")
    prerequisites = ParentalManyToManyField(
        "self", blank=True, symmetrical=False, related_name="required_by"
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy(
            "Shown on the course card and the course page. Give the image a "
            "description (its alt text) in Images. Without one, the site draws a default in the "
            "colour of the course's main curriculum domain."
        ),
    )
    requires_evaluation = models.BooleanField(
        default=True,
        help_text=gettext_lazy(
            "Learners must submit the evaluation form before a certificate is issued "
            "(EACCME requires it for credits)."
        ),
    )
    # Who teaches the course: they (and staff) see its learners, gradebooks and trainees'
    # work, and manage its exercises (courses.teaching).
    teaching_staff = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="courses_taught",
        limit_choices_to={"groups__name": "Instructors"},
        help_text=gettext_lazy(
            "Instructors who teach this course: they see its learners and their work."
        ),
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
            heading=gettext_lazy("CME accreditation"),
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
            raise ValidationError(
                {"cme_credits": gettext_lazy("Credits go in steps of 0.5 ECMEC.")}
            )
        max_credits = Decimal((self.estimated_minutes or 0) // 30) / 2
        if ecmec > max_credits:
            raise ValidationError(
                {
                    "cme_credits": gettext(
                        "At 1 ECMEC per hour, %(minutes)s minutes allow at most %(credits)s ECMEC."
                    )
                    % {"minutes": self.estimated_minutes, "credits": max_credits}
                }
            )

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        preview = getattr(request, "is_preview", False)
        context.update(course_page_context(self, request.user, preview=preview))
        return context


class ModulePage(CachedViewRestrictionsMixin, DemoContentMixin, Page):
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
    READ = "read", gettext_lazy("Marked as read")
    QUIZ = "quiz", gettext_lazy("Quiz passed")
    VIDEO = "video", gettext_lazy("Video watched to 90%")
    EXERCISE = "exercise", gettext_lazy("Exercise passed")


class LessonPage(AnonymousPageCacheMixin, CachedViewRestrictionsMixin, DemoContentMixin, Page):
    summary = models.TextField(max_length=600, blank=True)
    body = StreamField(LessonBodyBlock(), blank=True)
    completion_rule = models.CharField(
        max_length=10, choices=CompletionRule.choices, default=CompletionRule.READ
    )
    required = models.BooleanField(
        default=True, help_text=gettext_lazy("Needed to complete the course.")
    )
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
            heading=gettext_lazy("Completion"),
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
                    "completion_rule": gettext(
                        "This rule needs a '%(block)s' block in the lesson body."
                    )
                    % {"block": needed.replace("_", " ")}
                }
            )

    def video_media_ids(self) -> set[int]:
        return {
            b.value["video"].id for b in self.body if b.block_type == "video" and b.value["video"]
        }

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import lesson_page_context

        context = super().get_context(request, *args, **kwargs)
        preview = getattr(request, "is_preview", False)
        context.update(lesson_page_context(self, request.user, preview=preview))
        return context
