"""Transcript search across the recordings a visitor may watch."""

from __future__ import annotations

from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from content.webinars.models import (
    TranscriptCue,
)
from content.webinars.vtt import format_clock

from .recordings import watchable_access_levels

# The configuration of the cues' search vector (migration 0003's trigger).
TRANSCRIPT_SEARCH_CONFIG = "english"


# --- Transcript search --------------------------------------------------------------------

MAX_TRANSCRIPT_RESULTS = 20


def _snippet(text: str, query: str, width: int = 160) -> str:
    lowered = text.lower()
    at = lowered.find(query.lower())
    if at < 0 or len(text) <= width:
        return text[:width]
    start = max(at - width // 3, 0)
    return ("…" if start else "") + text[start : start + width] + "…"


def _matching_cues(request: HttpRequest, query: str) -> list[tuple[TranscriptCue, str]]:
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
