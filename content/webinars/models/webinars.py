"""The webinar index and upcoming webinar pages with their speakers and tags."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from content.models import AnonymousPageCacheMixin, DemoContentMixin
from content.routing import CachedViewRestrictionsMixin

from .common import EVENT_TIME_ZONE, WebinarAccess, check_reserved_slug
from .speakers import Speaker


class WebinarDomainTag(TaggedItemBase):
    content_object = ParentalKey(
        "webinars.WebinarPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class RecordingDomainTag(TaggedItemBase):
    content_object = ParentalKey(
        "webinars.RecordingPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class WebinarIndexPage(
    AnonymousPageCacheMixin, CachedViewRestrictionsMixin, DemoContentMixin, Page
):
    introduction = models.TextField(max_length=600, blank=True)

    # The upcoming list moves on as webinars end: anonymous copies live a minute.
    anonymous_cache_seconds = 60

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo")]
    subpage_types = ["webinars.WebinarPage", "webinars.RecordingPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from content.webinars import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.index_context(self, request))
        return context


class QuestionsMixin(models.Model):
    qa_locked = models.BooleanField(
        "Q&A locked", default=False, help_text=gettext_lazy("No new questions, answers or votes.")
    )

    class Meta:
        abstract = True


class WebinarPage(CachedViewRestrictionsMixin, DemoContentMixin, QuestionsMixin, Page):
    abstract = models.TextField(max_length=2000)
    start = models.DateTimeField(
        help_text=gettext_lazy("Entered and shown in Europe/Amsterdam time.")
    )
    end = models.DateTimeField()
    capacity = models.PositiveIntegerField(
        default=100,
        help_text=gettext_lazy("Registrations are refused once this many are registered."),
    )
    access = models.CharField(
        max_length=16, choices=WebinarAccess.choices, default=WebinarAccess.MEMBERS
    )
    join_url = models.URLField(
        blank=True,
        help_text=gettext_lazy("Video-conference link; shown only to registered participants."),
    )
    domains = ClusterTaggableManager(
        through=WebinarDomainTag, blank=True, verbose_name=gettext_lazy("Curriculum domains")
    )

    content_panels = Page.content_panels + [
        FieldPanel("abstract"),
        FieldRowPanel(
            [FieldPanel("start"), FieldPanel("end")], heading=gettext_lazy("When (Amsterdam)")
        ),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("access")]),
        FieldPanel("join_url"),
        InlinePanel("speaker_links", label=gettext_lazy("Speakers")),
        FieldPanel("domains"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo"), FieldPanel("qa_locked")]
    search_fields = Page.search_fields + [index.SearchField("abstract")]
    parent_page_types = ["webinars.WebinarIndexPage"]
    subpage_types: list[str] = []

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        check_reserved_slug(self)
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": gettext_lazy("The webinar must end after it starts.")})

    @property
    def speakers(self) -> list[Speaker]:
        return [link.speaker for link in self.speaker_links.all() if link.speaker_id]

    @property
    def local_start(self):
        return timezone.localtime(self.start, EVENT_TIME_ZONE)

    @property
    def local_end(self):
        return timezone.localtime(self.end, EVENT_TIME_ZONE)

    def get_context(self, request, *args, **kwargs):
        from content.webinars import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.webinar_context(self, request.user))
        context.update(selectors.questions_context(self, request.user))
        return context


class WebinarSpeaker(Orderable):
    page = ParentalKey(WebinarPage, related_name="speaker_links", on_delete=models.CASCADE)
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("speaker")]
