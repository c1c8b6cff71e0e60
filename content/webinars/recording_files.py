"""A recording's files once it is published: private copies, public originals removed.

The video (wagtailmedia) and the slides (wagtaildocs) of a recording are copied into private
storage, where only the access-checked views serve them; unless the recording is public, the
public originals are then deleted so that no /media/ URL serves them.

None of this happens inside the save. Publishing a recording records the task
`webinars.sync_recording_files` in the outbox, in the publishing transaction: a save that is
rolled back leaves every file where it was, and a broker that is down only delays the work.
The task re-reads the published recording and is idempotent (copy, record the copy, commit,
then delete the original), so a retry or a second delivery finishes the job or changes
nothing. The transcript is database work only and is rebuilt inside the publish itself.
"""

from __future__ import annotations

import logging
import posixpath
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models.fields.files import FieldFile

from content.webinars.delivery import guess_type
from content.webinars.models import AccessLevel, RecordingPage, TranscriptCue, private_storage
from content.webinars.vtt import parse_vtt

logger = logging.getLogger(__name__)

SYNC_TASK = "webinars.sync_recording_files"


@dataclass(frozen=True)
class PrivateCopy:
    """One kind of recording file: the library item it comes from and where the recording
    remembers its private copy (`name_field`) and the public file it was made from."""

    item: str  # the RecordingPage field: "video" or "slides"
    name_field: str
    source_field: str
    content_type_field: str = ""


VIDEO = PrivateCopy("video", "private_video_name", "private_video_source", "video_content_type")
SLIDES = PrivateCopy("slides", "private_slides_name", "private_slides_source")


def _remember(recording: RecordingPage, kind: PrivateCopy, *, name: str, source: str) -> None:
    fields = {kind.name_field: name, kind.source_field: source}
    if kind.content_type_field:
        fields[kind.content_type_field] = guess_type(source, "video/mp4") if source else ""
    RecordingPage.objects.filter(pk=recording.pk).update(**fields)
    for field, value in fields.items():
        setattr(recording, field, value)


def ensure_private_copy(recording: RecordingPage, kind: PrivateCopy) -> FieldFile | None:
    """Make (or keep) the private copy of one of the recording's files and record its name.

    Returns the public original, which the caller may delete once the name is committed;
    None when the recording has no such file (any old copy's name is forgotten) or its file
    is missing (logged, left as it is)."""
    item = getattr(recording, kind.item)
    if item is None or not item.file:
        if getattr(recording, kind.name_field):
            _remember(recording, kind, name="", source="")
        return None
    source = item.file.name
    name = getattr(recording, kind.name_field)
    private = private_storage()
    current = name and getattr(recording, kind.source_field) == source and private.exists(name)
    if not current:
        if not item.file.storage.exists(source):
            logger.warning("Recording %s: %s file %s is missing", recording.pk, kind.item, source)
            return None
        with item.file.storage.open(source, "rb") as handle:
            name = private.save(
                f"webinars/{kind.item}/{secrets.token_urlsafe(16)}/{posixpath.basename(source)}",
                handle,
            )
        _remember(recording, kind, name=name, source=source)
    return item.file


def sync_recording_files(*, recording_id: int) -> None:
    """The task's work: private copies of the published recording's video and slides, then
    (unless it is public) the public originals deleted. Safe to run again at any point."""
    with transaction.atomic():
        # One sync of a recording at a time: two quick publishes must not both copy.
        recording = (
            RecordingPage.objects.select_for_update(of=("self",))
            .select_related("video", "slides")
            .filter(pk=recording_id)
            .first()
        )
        if recording is None:
            return
        originals = [ensure_private_copy(recording, kind) for kind in (VIDEO, SLIDES)]
    # Only once the private names are committed may the public originals go.
    if recording.access == AccessLevel.PUBLIC:
        return
    for original in originals:
        if original is not None and original.storage.exists(original.name):
            original.storage.delete(original.name)


def rebuild_transcript(recording: RecordingPage) -> int:
    """Replace the transcript cues with those of the first caption file."""
    TranscriptCue.objects.filter(recording_id=recording.pk).delete()
    caption = recording.captions.order_by("sort_order", "pk").first()
    if caption is None or not caption.file:
        return 0
    try:
        with caption.file.storage.open(caption.file.name, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        logger.warning("Recording %s: caption file %s missing", recording.pk, caption.file.name)
        return 0
    cues = [
        TranscriptCue(recording_id=recording.pk, start=cue.start, end=cue.end, text=cue.text)
        for cue in parse_vtt(text)
    ]
    TranscriptCue.objects.bulk_create(cues)
    return len(cues)


def on_recording_published(sender, instance: RecordingPage, **kwargs) -> None:
    """The publish hook (Wagtail's page_published signal, sent inside the publish
    transaction; connected in apps.py): the transcript now, the files after the commit."""
    from outbox.services import enqueue

    rebuild_transcript(instance)
    enqueue(task=SYNC_TASK, kwargs={"recording_id": instance.pk})
