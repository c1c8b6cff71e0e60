"""Who may watch a recording (files included), resume positions and the recording page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from wagtail.models import Site

from content.webinars.models import (
    AccessLevel,
    RecordingCaption,
    RecordingPage,
    ViewingProgress,
)
from content.webinars.vtt import format_clock
from members.models import User
from members.selectors import is_active_member, is_teaching_staff

AnyUser = User | AnonymousUser

WATCHED_FRACTION = 0.9


def is_member_or_teacher(user: AnyUser) -> bool:
    """Active members, instructors and staff have the members' entitlements."""
    if not user.is_authenticated:
        return False
    return is_active_member(user) or is_teaching_staff(user)


# --- Recordings -------------------------------------------------------------------------


def watchable_access_levels(user: AnyUser) -> list[AccessLevel]:
    """The access levels whose recordings this user may watch: the one rule, used for a
    single recording (`can_watch`) and for querying many (transcript search)."""
    levels = [AccessLevel.PUBLIC]
    if user.is_authenticated:
        levels.append(AccessLevel.SIGNED_IN)
        if is_member_or_teacher(user):
            levels.append(AccessLevel.MEMBERS)
    return levels


def can_watch(user: AnyUser, recording: RecordingPage) -> bool:
    if recording.access == AccessLevel.PUBLIC:
        return True
    return recording.access in watchable_access_levels(user)


@dataclass(frozen=True)
class RecordingAccess:
    """A live recording looked up for a viewer: `recording` is None when there is none with
    that id; `allowed` says whether this viewer may watch it (files included)."""

    recording: RecordingPage | None
    allowed: bool


def recording_access(*, user: AnyUser, recording_id: int) -> RecordingAccess:
    """The one lookup behind every recording file and the resume endpoint. (An id no
    database could hold never gets here: config.middleware answers 404 for it.)"""
    recording = RecordingPage.objects.live().filter(pk=recording_id).first()
    return RecordingAccess(recording, recording is not None and can_watch(user, recording))


def recording_caption(*, recording: RecordingPage, caption_id: int) -> RecordingCaption | None:
    """A caption track of this recording, or None."""
    return RecordingCaption.objects.filter(pk=caption_id, page_id=recording.pk).first()


def saved_position(user: AnyUser, recording: RecordingPage) -> float:
    if not user.is_authenticated:
        return 0.0
    progress = ViewingProgress.objects.filter(user=user, recording=recording).first()
    if progress is None or progress.watched_at and progress.max_fraction >= 0.98:
        return 0.0
    return progress.position_seconds


def membership_info_url(request: HttpRequest) -> str:
    from content.models import SiteSettings

    if Site.find_for_request(request) is None:
        return ""
    page = SiteSettings.for_request(request).membership_info_page
    return page.url if page and page.live else ""


def recording_context(recording: RecordingPage, request: HttpRequest) -> dict:
    user = request.user
    entitled = can_watch(user, recording)
    chapters = [
        {
            "start": chapter.start_seconds,
            "clock": format_clock(chapter.start_seconds),
            "title": chapter.title,
        }
        for chapter in recording.chapters.all()
    ]
    context: dict = {
        "can_watch": entitled,
        "chapters": chapters,
        "speakers": recording.speakers,
        "related_pages": [
            link.related.specific for link in recording.related_links.all() if link.related.live
        ],
        "membership_info_url": membership_info_url(request),
        "login_url": f"{reverse('account_login')}?next={request.path}",
    }
    if not entitled:
        return context
    position = saved_position(user, recording)
    context.update(
        {
            "video_url": (
                reverse("webinars-video", args=[recording.pk])
                if recording.private_video_name
                else ""
            ),
            "video_type": recording.video_content_type or "video/mp4",
            "tracks": [
                {
                    "url": reverse("webinars-caption", args=[recording.pk, caption.pk]),
                    "language": caption.language,
                    "label": caption.label,
                    "default": index == 0,
                }
                for index, caption in enumerate(recording.captions.all())
            ],
            "cues": [
                {
                    "start": cue.start,
                    "second": int(cue.start),
                    "clock": format_clock(cue.start),
                    "text": cue.text,
                }
                for cue in recording.transcript_cues.all()
            ],
            "slides_url": (
                reverse("webinars-slides", args=[recording.pk])
                if recording.private_slides_name
                else ""
            ),
            "resume_position": position,
            "resume_clock": format_clock(position) if position >= 5 else "",
            "progress_url": (
                reverse("webinars-progress", args=[recording.pk]) if user.is_authenticated else ""
            ),
        }
    )
    return context
