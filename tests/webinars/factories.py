"""Builders for webinar tests: pages, recordings with small in-memory media files."""

from __future__ import annotations

import datetime
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Site
from wagtailmedia.models import Media

from content.webinars.models import (
    RecordingCaption,
    RecordingChapter,
    RecordingPage,
    RecordingSpeaker,
    Speaker,
    WebinarIndexPage,
    WebinarPage,
    WebinarSpeaker,
)
from tests.support.demo import after_commit

_counter = itertools.count(1)

# 1000 bytes whose value tells their position: byte i is i % 251.
VIDEO_BYTES = bytes(i % 251 for i in range(1000))

ENGLISH_VTT = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:04.000\n"
    "Welcome to DICOMweb in practice.\n\n"
    "00:00:04.000 --> 00:00:09.500\n"
    "QIDO-RS lets you <i>search</i> for studies over HTTP.\n\n"
    "00:03:12.000 --> 00:03:20.000\n"
    "WADO-RS retrieves the pixel data.\n"
)


def index_page() -> WebinarIndexPage:
    existing = WebinarIndexPage.objects.first()
    if existing:
        return existing
    root = Site.objects.get(is_default_site=True).root_page
    page = WebinarIndexPage(title="Webinars", slug="webinars")
    root.add_child(instance=page)
    return page


def speaker(**kwargs) -> Speaker:
    n = next(_counter)
    defaults = {"name": f"Dr Speaker {n}", "affiliation": "Demo Hospital"}
    defaults.update(kwargs)
    return Speaker.objects.create(**defaults)


def media(content: bytes = VIDEO_BYTES, name: str = "talk.mp4", duration: float = 200) -> Media:
    return Media.objects.create(
        title=name, type="video", duration=duration, file=ContentFile(content, name=name)
    )


def recording(
    access: str = "members",
    video: bytes | None = VIDEO_BYTES,
    vtt: str | None = ENGLISH_VTT,
    chapters: list[tuple[int, str]] | None = None,
    speakers: list[Speaker] | None = None,
    recorded_on: datetime.date | None = None,
    title: str | None = None,
    video_name: str = "talk.mp4",
    video_duration: float = 200,
    **kwargs,
) -> RecordingPage:
    n = next(_counter)
    page = RecordingPage(
        title=title or f"Recording {n}",
        slug=f"recording-{n}",
        abstract="An abstract about imaging informatics.",
        recorded_on=recorded_on or datetime.date(2024, 5, 1),
        access=access,
        video=(
            media(video, name=video_name, duration=video_duration) if video is not None else None
        ),
        **kwargs,
    )
    if vtt is not None:
        page.captions = [
            RecordingCaption(
                language="en", label="English", file=ContentFile(vtt.encode(), name="en.vtt")
            )
        ]
    page.chapters = [
        RecordingChapter(start_seconds=s, title=t)
        for s, t in (chapters or [(0, "Introduction"), (192, "Retrieving pixels")])
    ]
    page.speaker_links = [RecordingSpeaker(speaker=s) for s in speakers or []]
    index_page().add_child(instance=page)
    publish(page)
    return RecordingPage.objects.get(pk=page.pk)


def publish(page) -> None:
    """Publish as an editor does, and let what waits for the commit run (the recording's
    private copies are made then)."""
    with after_commit():
        page.save_revision().publish()


def webinar(
    access: str = "members",
    start: datetime.datetime | None = None,
    capacity: int = 50,
    speakers: list[Speaker] | None = None,
    **kwargs,
) -> WebinarPage:
    n = next(_counter)
    start = start or timezone.now() + datetime.timedelta(days=7)
    page = WebinarPage(
        title=kwargs.pop("title", f"Webinar {n}"),
        slug=f"webinar-{n}",
        abstract="Live session; bring your questions.",
        start=start,
        end=start + datetime.timedelta(hours=1),
        capacity=capacity,
        access=access,
        join_url="https://meet.example.org/room-secret",
        **kwargs,
    )
    page.speaker_links = [WebinarSpeaker(speaker=s) for s in speakers or []]
    index_page().add_child(instance=page)
    return WebinarPage.objects.get(pk=page.pk)
