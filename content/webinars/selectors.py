# ruff: noqa: A005 (the project names read modules "selectors", as members/ does)
"""Reads: who may see, register, ask and answer; what a page shows; search."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
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
# The configuration of the cues' search vector (migration 0003's trigger).
TRANSCRIPT_SEARCH_CONFIG = "english"
QUESTION_RATE_LIMIT = 5
QUESTION_RATE_WINDOW = datetime.timedelta(minutes=10)


def is_member_or_teacher(user) -> bool:
    """Active members, instructors and staff have the members' entitlements."""
    if not user.is_authenticated:
        return False
    return is_active_member(user) or is_teaching_staff(user)


# --- Recordings -------------------------------------------------------------------------


def watchable_access_levels(user) -> list[str]:
    """The access levels whose recordings this user may watch: the one rule, used for a
    single recording (`can_watch`) and for querying many (transcript search)."""
    levels = [AccessLevel.PUBLIC]
    if user.is_authenticated:
        levels.append(AccessLevel.SIGNED_IN)
        if is_member_or_teacher(user):
            levels.append(AccessLevel.MEMBERS)
    return levels


def can_watch(user, recording: RecordingPage) -> bool:
    if recording.access == AccessLevel.PUBLIC:
        return True
    return recording.access in watchable_access_levels(user)


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


def may_read_questions(user, page: Page) -> bool:
    """Questions and answers follow the page's own access: a recording's access level, a
    webinar's audience. Staff moderate everywhere."""
    specific = page.specific
    if may_moderate(user):
        return True
    if user.is_authenticated and any(s.user_id == user.pk for s in page_speakers(specific)):
        return True
    if isinstance(specific, RecordingPage):
        return can_watch(user, specific)
    if isinstance(specific, WebinarPage):
        return specific.access == WebinarAccess.PUBLIC or is_member_or_teacher(user)
    return False


def questions_context(page: Page, user) -> dict:
    readable = may_read_questions(user, page)
    return {
        "questions_readable": readable,
        "questions": questions_for(page, user) if readable else [],
        "may_ask": readable and may_ask(user, page),
        "may_answer": readable and may_answer(user, page),
        "may_moderate": may_moderate(user),
        "may_vote": readable and is_member_or_teacher(user) and not page.qa_locked,
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
    # The library shows each poster at one size: posters and their renditions in two
    # queries for the whole list, not two per recording.
    rendition_model = get_image_model().get_rendition_model()
    renditions = Prefetch(
        "poster__renditions", queryset=rendition_model.objects.filter(filter_spec=POSTER_SPEC)
    )
    return (
        recordings.distinct()
        .select_related("poster")
        .prefetch_related(renditions)
        .order_by("-recorded_on", "title")
    )


# The size of the posters on the library page (webinar_index_page.html says it too).
POSTER_SPEC = "fill-480x270"


# The library's year filter: anything else cannot be a recording's year.
YEAR_RANGE = {"minimum": 1900, "maximum": 2100}


def index_context(index_page: Page, request: HttpRequest) -> dict:
    from taggit.models import Tag

    from config.inputs import clean_text, optional, parse_id, parse_int

    # An impossible filter is a 400 with a message (config.inputs), not an empty list.
    domain = clean_text(request.GET.get("domain", ""), field="domain", max_length=100)
    speaker_id = optional(request.GET, "speaker", parse_id)
    year = optional(request.GET, "year", parse_int, **YEAR_RANGE)
    from content.page_cache import content_version

    all_recordings = RecordingPage.objects.live().child_of(index_page)

    def years() -> list[int]:  # called by the template only when the fragment is not cached
        dates = all_recordings.values_list("recorded_on", flat=True)
        return sorted({d.year for d in dates}, reverse=True)

    return {
        "content_version": content_version(),
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


def _matching_cues(request: HttpRequest, query: str):
    """Cues the visitor may read that match the query, best first, with a snippet.

    Only recordings the visitor may watch (`watchable_access_levels`) on pages they may
    open (Wagtail privacy) are searched at all, so results, snippets and their number
    never reveal what a members-only transcript says."""
    from django.db import connection

    from content.search import (
        MARK_START,
        MARK_STOP,
        hidden_page_paths,
        highlighted,
        outside_hidden_pages,
    )

    cues = TranscriptCue.objects.filter(
        outside_hidden_pages(hidden_page_paths(request), prefix="recording__"),
        recording__live=True,
        recording__access__in=watchable_access_levels(request.user),
    ).select_related("recording")
    if connection.vendor != "postgresql":
        # The embedded default (SQLite) has no full-text index for cues.
        cues = cues.filter(text__icontains=query).order_by("recording__title", "start")
        return [(cue, _snippet(cue.text, query)) for cue in cues[: MAX_TRANSCRIPT_RESULTS * 3]]
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    search = SearchQuery(query, config=TRANSCRIPT_SEARCH_CONFIG, search_type="websearch")
    cues = (
        cues.filter(search_vector=search)
        .annotate(
            rank=SearchRank(F("search_vector"), search),
            headline=SearchHeadline(
                "text",
                search,
                config=TRANSCRIPT_SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=30,
                min_words=12,
            ),
        )
        .order_by("-rank", "recording__title", "start")
    )
    return [(cue, highlighted(cue.headline)) for cue in cues[: MAX_TRANSCRIPT_RESULTS * 3]]


def transcript_search(request: HttpRequest, query: str) -> list[dict]:
    """Moments in transcripts where `query` is spoken, for recordings this visitor may
    watch; each links to the moment in the video."""
    query = query.strip()
    if len(query) < 2:
        return []
    results: list[dict] = []
    seen: set[tuple[int, int]] = set()
    for cue, snippet in _matching_cues(request, query):
        recording = cue.recording
        second = int(cue.start)
        if (recording.pk, second) in seen:
            continue
        seen.add((recording.pk, second))
        url = recording.get_url(request)
        if not url:
            continue
        results.append(
            {
                "title": _("%(title)s at %(clock)s")
                % {"title": recording.title, "clock": format_clock(cue.start)},
                "url": f"{url}?t={second}#player",
                "snippet": snippet,
                "kind": _("Transcript"),
            }
        )
        if len(results) >= MAX_TRANSCRIPT_RESULTS:
            break
    return results
