# ruff: noqa: A005 (the project names read modules "selectors", as members/ does)
"""Reads: who may see, register, ask and answer; what a page shows; search. By subject:
``recordings`` (who may watch, resume, the recording page), ``webinars`` (registration),
``questions``, ``library`` (the index and its filters) and ``transcripts`` (search)."""

from .library import (
    POSTER_SPEC,
    YEAR_RANGE,
    filtered_recordings,
    index_context,
    upcoming_webinars,
)
from .questions import (
    QUESTION_RATE_LIMIT,
    QUESTION_RATE_WINDOW,
    may_answer,
    may_ask,
    may_moderate,
    may_read_questions,
    page_speakers,
    questions_context,
    questions_for,
    recent_question_count,
)
from .recordings import (
    WATCHED_FRACTION,
    RecordingAccess,
    can_watch,
    is_member_or_teacher,
    membership_info_url,
    recording_access,
    recording_caption,
    recording_context,
    saved_position,
    watchable_access_levels,
)
from .transcripts import (
    MAX_TRANSCRIPT_RESULTS,
    TRANSCRIPT_SEARCH_CONFIG,
    transcript_search,
)
from .webinars import (
    is_registered,
    may_register,
    registration_count,
    registrations_of,
    webinar_context,
)

__all__ = [
    "registrations_of",
    "WATCHED_FRACTION",
    "is_member_or_teacher",
    "watchable_access_levels",
    "can_watch",
    "RecordingAccess",
    "recording_access",
    "recording_caption",
    "saved_position",
    "membership_info_url",
    "recording_context",
    "registration_count",
    "is_registered",
    "may_register",
    "webinar_context",
    "QUESTION_RATE_LIMIT",
    "QUESTION_RATE_WINDOW",
    "may_ask",
    "may_moderate",
    "page_speakers",
    "may_answer",
    "recent_question_count",
    "questions_for",
    "may_read_questions",
    "questions_context",
    "upcoming_webinars",
    "filtered_recordings",
    "POSTER_SPEC",
    "YEAR_RANGE",
    "index_context",
    "TRANSCRIPT_SEARCH_CONFIG",
    "MAX_TRANSCRIPT_RESULTS",
    "transcript_search",
]
