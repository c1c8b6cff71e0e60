"""Recording pages: protected video, captions, chapters, related pages and transcript cues."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from content.models import DemoContentMixin
from content.routing import CachedViewRestrictionsMixin

from .common import MAX_CAPTION_BYTES, AccessLevel, check_reserved_slug, private_storage
from .speakers import Speaker
from .webinars import QuestionsMixin, RecordingDomainTag


class RecordingPage(CachedViewRestrictionsMixin, DemoContentMixin, QuestionsMixin, Page):
    abstract = models.TextField(max_length=2000)
    recorded_on = models.DateField(
        help_text=gettext_lazy("The day of the webinar; used by the year filter.")
    )
    video = models.ForeignKey(
        "wagtailmedia.Media",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy(
            "Saved into private storage on save; served only to entitled viewers."
        ),
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy(
            "Shown before the video plays and on the recording's card in the library. "
            "Give the image a description (its alt text) in Images. Without one, the card shows a "
            "default image drawn from the title."
        ),
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    access = models.CharField(
        max_length=16, choices=AccessLevel.choices, default=AccessLevel.MEMBERS
    )
    transcript = models.TextField(
        blank=True,
        help_text=gettext_lazy(
            "Used when there is no caption file; otherwise the transcript comes from "
            "the first caption file."
        ),
    )
    domains = ClusterTaggableManager(
        through=RecordingDomainTag, blank=True, verbose_name=gettext_lazy("Curriculum domains")
    )
    # Where the video lives in private storage (set after publishing: recording_files.py).
    private_video_name = models.CharField(max_length=500, blank=True, editable=False)
    private_video_source = models.CharField(max_length=500, blank=True, editable=False)
    video_content_type = models.CharField(max_length=100, blank=True, editable=False)
    # The slides' private copy (recording_files.py); served like the video.
    private_slides_name = models.CharField(max_length=500, blank=True, editable=False)
    private_slides_source = models.CharField(max_length=500, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("abstract"),
        FieldRowPanel([FieldPanel("recorded_on"), FieldPanel("access")]),
        MultiFieldPanel(
            [FieldPanel("video"), FieldPanel("poster"), FieldPanel("slides")],
            heading=gettext_lazy("Media"),
        ),
        InlinePanel("captions", label=gettext_lazy("Captions (WebVTT)"), min_num=0),
        InlinePanel("chapters", label=gettext_lazy("Chapters")),
        FieldPanel("transcript"),
        InlinePanel("speaker_links", label=gettext_lazy("Speakers")),
        FieldPanel("domains"),
        InlinePanel("related_links", label=gettext_lazy("Related courses and lessons")),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("is_demo"), FieldPanel("qa_locked")]
    # The page index is shared by every visitor: it holds only what the teaser shows
    # everyone. Caption transcripts are searched per cue with the viewer's access
    # (selectors.transcript_search); a typed transcript is indexed for public recordings.
    search_fields = Page.search_fields + [
        index.SearchField("abstract"),
        index.SearchField("public_transcript"),
    ]
    parent_page_types = ["webinars.WebinarIndexPage"]
    subpage_types: list[str] = []

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        check_reserved_slug(self)

    @property
    def speakers(self) -> list[Speaker]:
        return [link.speaker for link in self.speaker_links.all() if link.speaker_id]

    def public_transcript(self) -> str:
        return self.transcript if self.access == AccessLevel.PUBLIC else ""

    def get_context(self, request, *args, **kwargs):
        from django.middleware.csrf import get_token

        from content.webinars import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.recording_context(self, request))
        if context.get("progress_url"):
            get_token(request)  # the player's progress reports read the csrftoken cookie
        context.update(selectors.questions_context(self, request.user))
        return context


class RecordingSpeaker(Orderable):
    page = ParentalKey(RecordingPage, related_name="speaker_links", on_delete=models.CASCADE)
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("speaker")]


def validate_webvtt(file) -> None:
    """A caption file must be WebVTT: starts with 'WEBVTT' and is at most 512 KB."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_CAPTION_BYTES:
        raise ValidationError(
            gettext("Caption files may be at most %(maximum)s KB; this one is %(size)s KB.")
            % {"maximum": MAX_CAPTION_BYTES // 1024, "size": size // 1024}
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if isinstance(head, str):
        head = head.encode()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.startswith(b"WEBVTT") or (len(head) > 6 and head[6:7] not in b" \t\r\n"):
        raise ValidationError(gettext("This is not a WebVTT file: it must start with 'WEBVTT'."))


def caption_upload_to(instance: RecordingCaption, filename: str) -> str:
    return f"webinars/captions/{filename}"


class RecordingCaption(Orderable):
    page = ParentalKey(RecordingPage, related_name="captions", on_delete=models.CASCADE)
    language = models.CharField(
        max_length=16, help_text=gettext_lazy("BCP 47 language code, e.g. en, nl, de-AT.")
    )
    label = models.CharField(
        max_length=60, help_text=gettext_lazy("Shown in the player, e.g. English.")
    )
    file = models.FileField(
        upload_to=caption_upload_to,
        storage=private_storage,
        validators=[validate_webvtt],
        max_length=300,
        help_text=gettext_lazy("A WebVTT (.vtt) file, at most 512 KB. Stored privately."),
    )

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("label")]), FieldPanel("file")]

    def __str__(self) -> str:
        return f"{self.label} ({self.language})"


class RecordingChapter(Orderable):
    page = ParentalKey(RecordingPage, related_name="chapters", on_delete=models.CASCADE)
    start_seconds = models.PositiveIntegerField()
    title = models.CharField(max_length=200)

    panels = [FieldRowPanel([FieldPanel("start_seconds"), FieldPanel("title")])]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "start_seconds"]


class RecordingRelatedPage(Orderable):
    """A course or lesson related to the recording (any page; no FK to courses models)."""

    page = ParentalKey(RecordingPage, related_name="related_links", on_delete=models.CASCADE)
    related = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("related")]


class TranscriptCue(models.Model):
    """A cue of the recording's transcript, rebuilt from its first caption file on save.

    On PostgreSQL `search_vector` is kept by a database trigger (migration 0003) from
    `text` and GIN-indexed, so transcript search uses the full-text index; elsewhere it
    stays empty and search falls back to a substring match.
    """

    recording = models.ForeignKey(
        RecordingPage, on_delete=models.CASCADE, related_name="transcript_cues"
    )
    start = models.FloatField()
    end = models.FloatField()
    text = models.TextField()
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["recording", "start"]
        indexes = [GinIndex(fields=["search_vector"], name="transcript_cue_search")]

    def __str__(self) -> str:
        return f"{self.start:.0f}s {self.text[:40]}"
