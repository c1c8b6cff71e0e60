"""Webinars (upcoming, with registration) and recordings (protected video, captions,
chapters, transcript), plus viewing progress and questions to the experts.

Business logic lives in `services` (writes) and `selectors` (reads); the models hold data,
validation and admin panels."""

from .activity import (
    Question,
    QuestionVote,
    ReminderKind,
    ReminderSent,
    ViewingProgress,
    WebinarRegistration,
)
from .common import (
    EVENT_TIME_ZONE,
    MAX_CAPTION_BYTES,
    MAX_QUESTION_LENGTH,
    RESERVED_SLUGS,
    AccessLevel,
    WebinarAccess,
    check_reserved_slug,
    private_storage,
)
from .recordings import (
    RecordingCaption,
    RecordingChapter,
    RecordingPage,
    RecordingRelatedPage,
    RecordingSpeaker,
    TranscriptCue,
    caption_upload_to,
    validate_webvtt,
)
from .speakers import (
    Speaker,
)
from .webinars import (
    QuestionsMixin,
    RecordingDomainTag,
    WebinarDomainTag,
    WebinarIndexPage,
    WebinarPage,
    WebinarSpeaker,
)

__all__ = [
    "EVENT_TIME_ZONE",
    "MAX_CAPTION_BYTES",
    "MAX_QUESTION_LENGTH",
    "RESERVED_SLUGS",
    "check_reserved_slug",
    "private_storage",
    "AccessLevel",
    "WebinarAccess",
    "Speaker",
    "WebinarDomainTag",
    "RecordingDomainTag",
    "WebinarIndexPage",
    "QuestionsMixin",
    "WebinarPage",
    "WebinarSpeaker",
    "RecordingPage",
    "RecordingSpeaker",
    "validate_webvtt",
    "caption_upload_to",
    "RecordingCaption",
    "RecordingChapter",
    "RecordingRelatedPage",
    "TranscriptCue",
    "WebinarRegistration",
    "ReminderKind",
    "ReminderSent",
    "ViewingProgress",
    "Question",
    "QuestionVote",
]
