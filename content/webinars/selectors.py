# ruff: noqa: A005 (the project names read modules "selectors", as members/ does)
"""Reads: who may see, register, ask and answer; what a page shows; search."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from content.webinars.models import (
    AccessLevel,
    Question,
    QuestionVote,
    RecordingPage,
    Speaker,
    TranscriptCue,
    ViewingProgress,
    WebinarAccess,
    WebinarPage,
    WebinarRegistration,
)
from content.webinars.vtt import format_clock
from members.roles import Role
from members.selectors import has_role, is_active_member, is_teaching_staff

WATCHED_FRACTION = 0.9
QUESTION_RATE_LIMIT = 5
QUESTION_RATE_WINDOW = datetime.timedelta(minutes=10)


def is_member_or_teacher(user) -> bool:
    """Active members, instructors and staff have the members' entitlements."""
    if not user.is_authenticated:
        return False
    return is_active_member(user) or is_teaching_staff(user)


# --- Recordings -------------------------------------------------------------------------


def can_watch(user, recording: RecordingPage) -> bool:
    if recording.access == AccessLevel.PUBLIC:
        return True
    if recording.access == AccessLevel.SIGNED_IN:
        return bool(user.is_authenticated)
    return is_member_or_teacher(user)


def watchable_recording(user, recording_id: int) -> RecordingPage | None:
    """The live recording with this id if the user may watch it, else None."""
    recording = RecordingPage.objects.live().filter(pk=recording_id).first()
    if recording is None or not can_watch(user, recording):
        return None
    return recording


def has_watched(user, recording: RecordingPage) -> bool:
    """Has the user watched at least 90% of the recording? (For lesson progress.)"""
    if not user.is_authenticated:
        return False
    return ViewingProgress.objects.filter(
        user=user, recording=recording, watched_at__isnull=False
    ).exists()


def saved_position(user, recording: RecordingPage) -> float:
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


# --- Webinars -----------------------------------------------------------------------------


def registration_count(webinar: WebinarPage) -> int:
    return WebinarRegistration.objects.filter(webinar=webinar).count()


def is_registered(user, webinar: WebinarPage) -> bool:
    return (
        bool(user.is_authenticated)
        and WebinarRegistration.objects.filter(webinar=webinar, user=user).exists()
    )


def may_register(user, webinar: WebinarPage) -> bool:
    """Members (and teachers) may register; anyone signed in when the webinar is public."""
    if not user.is_authenticated:
        return False
    return webinar.access == WebinarAccess.PUBLIC or is_member_or_teacher(user)


def webinar_context(webinar: WebinarPage, user) -> dict:
    taken = registration_count(webinar)
    registered = is_registered(user, webinar)
    return {
        "registered": registered,
        "seats_left": max(webinar.capacity - taken, 0),
        "is_full": taken >= webinar.capacity,
        "may_register": may_register(user, webinar),
        "is_past": webinar.end <= timezone.now(),
        "show_join_url": registered and bool(webinar.join_url),
        "speakers": webinar.speakers,
    }


# --- Questions ----------------------------------------------------------------------------


def may_ask(user, page: Page) -> bool:
    return is_member_or_teacher(user) and not getattr(page, "qa_locked", False)


def may_moderate(user) -> bool:
    return bool(user.is_authenticated) and has_role(user, Role.STAFF)


def page_speakers(page: Page) -> list[Speaker]:
    specific = page.specific
    return list(getattr(specific, "speakers", []))


def may_answer(user, page: Page) -> bool:
    if not user.is_authenticated or getattr(page.specific, "qa_locked", False):
        return False
    if is_teaching_staff(user):
        return True
    return any(speaker.user_id == user.pk for speaker in page_speakers(page))


def recent_question_count(user, now: datetime.datetime | None = None) -> int:
    since = (now or timezone.now()) - QUESTION_RATE_WINDOW
    return Question.objects.filter(author=user, created_at__gte=since).count()


def questions_for(page: Page, user) -> list[Question]:
    questions = Question.objects.filter(page=page).select_related("author", "answered_by")
    if not may_moderate(user):
        questions = questions.filter(hidden=False)
    questions = questions.annotate(vote_count=Count("votes"))
    if user.is_authenticated:
        questions = questions.annotate(
            voted=Exists(QuestionVote.objects.filter(question=OuterRef("pk"), user=user))
        )
    return list(questions.order_by("-vote_count", "-created_at"))


def questions_context(page: Page, user) -> dict:
    return {
        "questions": questions_for(page, user),
        "may_ask": may_ask(user, page),
        "may_answer": may_answer(user, page),
        "may_moderate": may_moderate(user),
        "may_vote": is_member_or_teacher(user) and not page.qa_locked,
    }


# --- Index and library --------------------------------------------------------------------


def upcoming_webinars(parent: Page | None = None, now: datetime.datetime | None = None):
    webinars = WebinarPage.objects.live().filter(end__gt=now or timezone.now())
    if parent is not None:
        webinars = webinars.child_of(parent)
    return webinars.order_by("start")


def filtered_recordings(
    parent: Page | None = None,
    domain: str = "",
    speaker_id: int | None = None,
    year: int | None = None,
):
    recordings = RecordingPage.objects.live()
    if parent is not None:
        recordings = recordings.child_of(parent)
    if domain:
        recordings = recordings.filter(domains__slug=domain)
    if speaker_id:
        recordings = recordings.filter(speaker_links__speaker_id=speaker_id)
    if year:
        recordings = recordings.filter(recorded_on__year=year)
    return recordings.distinct().order_by("-recorded_on", "title")


# The library's year filter: anything else cannot be a recording's year.
YEAR_RANGE = {"minimum": 1900, "maximum": 2100}


def index_context(index_page: Page, request: HttpRequest) -> dict:
    from taggit.models import Tag

    from config.inputs import clean_text, optional, parse_id, parse_int

    # An impossible filter is a 400 with a message (config.inputs), not an empty list.
    domain = clean_text(request.GET.get("domain", ""), field="domain", max_length=100)
    speaker_id = optional(request.GET, "speaker", parse_id)
    year = optional(request.GET, "year", parse_int, **YEAR_RANGE)
    all_recordings = RecordingPage.objects.live().child_of(index_page)
    years = sorted(
        {d.year for d in all_recordings.values_list("recorded_on", flat=True)}, reverse=True
    )
    return {
        "upcoming": upcoming_webinars(index_page),
        "recordings": filtered_recordings(index_page, domain, speaker_id, year),
        "domain_options": Tag.objects.filter(webinars_recordingdomaintag_items__isnull=False)
        .distinct()
        .order_by("name"),
        "speaker_options": Speaker.objects.filter(
            pk__in=all_recordings.values("speaker_links__speaker")
        ),
        "year_options": years,
        "selected": {"domain": domain, "speaker": speaker_id, "year": year},
        "filtered": bool(domain or speaker_id or year),
    }


# --- Transcript search --------------------------------------------------------------------

MAX_TRANSCRIPT_RESULTS = 20


def _snippet(text: str, query: str, width: int = 160) -> str:
    lowered = text.lower()
    at = lowered.find(query.lower())
    if at < 0 or len(text) <= width:
        return text[:width]
    start = max(at - width // 3, 0)
    return ("…" if start else "") + text[start : start + width] + "…"


def transcript_search(request: HttpRequest, query: str) -> list[dict]:
    """Moments in transcripts where `query` is spoken. Members-only recordings are listed
    for everyone (the words are a teaser), but their link leads to the page, which shows
    non-entitled viewers the teaser instead of the video."""
    query = query.strip()
    if len(query) < 2:
        return []
    cues = (
        TranscriptCue.objects.filter(text__icontains=query, recording__live=True)
        .select_related("recording")
        .order_by("recording__title", "start")[: MAX_TRANSCRIPT_RESULTS * 3]
    )
    results: list[dict] = []
    seen: set[tuple[int, int]] = set()
    for cue in cues:
        recording = cue.recording
        second = int(cue.start)
        if (recording.pk, second) in seen:
            continue
        seen.add((recording.pk, second))
        url = recording.get_url(request)
        if not url:
            continue
        entitled = can_watch(request.user, recording)
        results.append(
            {
                "title": f"{recording.title} at {format_clock(cue.start)}",
                "url": f"{url}?t={second}#player" if entitled else url,
                "snippet": _snippet(cue.text, query),
                "kind": "Transcript" if entitled else "Transcript (members only)",
            }
        )
        if len(results) >= MAX_TRANSCRIPT_RESULTS:
            break
    return results


def needs_members_notice(recording: RecordingPage) -> bool:
    return recording.access == AccessLevel.MEMBERS
