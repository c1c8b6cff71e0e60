"""Webinars (upcoming, with registration) and recordings (protected video, captions,
chapters, transcript), plus viewing progress and questions to the experts.

Business logic lives in `services` (writes) and `selectors` (reads); the models hold data,
validation and admin panels.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from content.models import AnonymousPageCacheMixin, DemoContentMixin
from content.webinars.speaker_accounts import SpeakerForm, speaker_account_chooser

EVENT_TIME_ZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
MAX_CAPTION_BYTES = 512 * 1024
MAX_QUESTION_LENGTH = 1000
# /webinars/media/... and /webinars/-/... are the app's own URLs (urls.py).
RESERVED_SLUGS = frozenset({"media", "-"})


def check_reserved_slug(page: Page) -> None:
    if page.slug in RESERVED_SLUGS:
        raise ValidationError(
            {"slug": f"“{page.slug}” is reserved for the webinar files and actions."}
        )


def private_storage():
    """The never-public storage (settings.STORAGES["private"]); a callable so tests and
    deployments can swap it without a migration."""
    return storages["private"]


class AccessLevel(models.TextChoices):
    PUBLIC = "public", "Everyone"
    SIGNED_IN = "signed_in", "Signed-in users"
    MEMBERS = "members", "Active society members"


class WebinarAccess(models.TextChoices):
    PUBLIC = "public", "Public (anyone signed in may register)"
    MEMBERS = "members", "Members only"


@register_snippet
class Speaker(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(
        blank=True, help_text="Receives a digest of new questions from participants."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profiles",
        help_text="The speaker's Academy account; lets them answer questions on the page.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("affiliation"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("email"),
        FieldPanel("user", widget=speaker_account_chooser.widget_class),
    ]
    base_form_class = SpeakerForm
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class WebinarDomainTag(TaggedItemBase):
    content_object = ParentalKey(
        "webinars.WebinarPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class RecordingDomainTag(TaggedItemBase):
    content_object = ParentalKey(
        "webinars.RecordingPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class WebinarIndexPage(AnonymousPageCacheMixin, DemoContentMixin, Page):
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
        "Q&A locked", default=False, help_text="No new questions, answers or votes."
    )

    class Meta:
        abstract = True


class WebinarPage(DemoContentMixin, QuestionsMixin, Page):
    abstract = models.TextField(max_length=2000)
    start = models.DateTimeField(help_text="Entered and shown in Europe/Amsterdam time.")
    end = models.DateTimeField()
    capacity = models.PositiveIntegerField(
        default=100, help_text="Registrations are refused once this many are registered."
    )
    access = models.CharField(
        max_length=16, choices=WebinarAccess.choices, default=WebinarAccess.MEMBERS
    )
    join_url = models.URLField(
        blank=True, help_text="Video-conference link; shown only to registered participants."
    )
    domains = ClusterTaggableManager(
        through=WebinarDomainTag, blank=True, verbose_name="Curriculum domains"
    )

    content_panels = Page.content_panels + [
        FieldPanel("abstract"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading="When (Amsterdam)"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("access")]),
        FieldPanel("join_url"),
        InlinePanel("speaker_links", label="Speakers"),
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
            raise ValidationError({"end": "The webinar must end after it starts."})

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


class RecordingPage(DemoContentMixin, QuestionsMixin, Page):
    abstract = models.TextField(max_length=2000)
    recorded_on = models.DateField(help_text="The day of the webinar; used by the year filter.")
    video = models.ForeignKey(
        "wagtailmedia.Media",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Saved into private storage on save; served only to entitled viewers.",
    )
    poster = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    access = models.CharField(
        max_length=16, choices=AccessLevel.choices, default=AccessLevel.MEMBERS
    )
    transcript = models.TextField(
        blank=True,
        help_text="Used when there is no caption file; otherwise the transcript comes from "
        "the first caption file.",
    )
    domains = ClusterTaggableManager(
        through=RecordingDomainTag, blank=True, verbose_name="Curriculum domains"
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
            [FieldPanel("video"), FieldPanel("poster"), FieldPanel("slides")], heading="Media"
        ),
        InlinePanel("captions", label="Captions (WebVTT)", min_num=0),
        InlinePanel("chapters", label="Chapters"),
        FieldPanel("transcript"),
        InlinePanel("speaker_links", label="Speakers"),
        FieldPanel("domains"),
        InlinePanel("related_links", label="Related courses and lessons"),
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
            f"Caption files may be at most {MAX_CAPTION_BYTES // 1024} KB; this one is "
            f"{size // 1024} KB."
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
        raise ValidationError("This is not a WebVTT file: it must start with 'WEBVTT'.")


def caption_upload_to(instance: RecordingCaption, filename: str) -> str:
    return f"webinars/captions/{filename}"


class RecordingCaption(Orderable):
    page = ParentalKey(RecordingPage, related_name="captions", on_delete=models.CASCADE)
    language = models.CharField(
        max_length=16, help_text="BCP 47 language code, e.g. en, nl, de-AT."
    )
    label = models.CharField(max_length=60, help_text="Shown in the player, e.g. English.")
    file = models.FileField(
        upload_to=caption_upload_to,
        storage=private_storage,
        validators=[validate_webvtt],
        max_length=300,
        help_text="A WebVTT (.vtt) file, at most 512 KB. Stored privately.",
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
    DAY = "day", "A day before"
    HOUR = "hour", "An hour before"


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
