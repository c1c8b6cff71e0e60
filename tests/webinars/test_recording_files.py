"""A recording's files after publishing: private copies made once the publish has committed;
a save that is rolled back loses nothing; the work is safe to run again."""

import pytest
from django.db import transaction

from content.webinars import recording_files
from content.webinars.models import RecordingPage, private_storage
from outbox.models import OutboxMessage
from tests.support.demo import after_commit
from tests.webinars import factories

pytestmark = pytest.mark.django_db


class EditorSaveFailed(Exception):
    """Something after the page was written made the admin's save fail."""


def test_a_rolled_back_publish_leaves_the_new_video_where_it_was():
    recording = factories.recording(access="members")
    copied_before = recording.private_video_name
    new_video = factories.media(b"the corrected talk", name="corrected.mp4")

    with after_commit(), pytest.raises(EditorSaveFailed), transaction.atomic():
        recording.video = new_video
        recording.save_revision().publish()
        raise EditorSaveFailed

    # The library file is still there, so the editor can simply publish again.
    assert new_video.file.storage.exists(new_video.file.name)
    recording.refresh_from_db()
    assert recording.video_id != new_video.pk
    assert recording.private_video_name == copied_before
    assert private_storage().exists(copied_before)
    queued = OutboxMessage.objects.filter(task=recording_files.SYNC_TASK, done_at__isnull=True)
    assert not queued.exists(), "the rolled-back publish queued nothing"


def test_the_files_are_copied_only_after_the_publish_commits():
    recording = factories.recording(access="members", video=None)
    new_video = factories.media(b"published later", name="later.mp4")
    recording.video = new_video

    with after_commit():
        recording.save_revision().publish()
        # Inside the publish transaction: nothing is copied or deleted yet.
        assert RecordingPage.objects.get(pk=recording.pk).private_video_name == ""
        assert new_video.file.storage.exists(new_video.file.name)

    recording.refresh_from_db()
    assert private_storage().exists(recording.private_video_name)
    assert not new_video.file.storage.exists(new_video.file.name)  # members only


def test_syncing_again_changes_nothing():
    recording = factories.recording(access="members")
    before = RecordingPage.objects.values(
        "private_video_name", "private_slides_name", "video_content_type"
    ).get(pk=recording.pk)

    recording_files.sync_recording_files(recording_id=recording.pk)
    recording_files.sync_recording_files(recording_id=recording.pk)

    after = RecordingPage.objects.values(
        "private_video_name", "private_slides_name", "video_content_type"
    ).get(pk=recording.pk)
    assert after == before
    assert private_storage().exists(recording.private_video_name)


def test_a_sync_interrupted_before_deleting_the_original_is_finished_by_a_retry():
    recording = factories.recording(access="members", video=None)
    new_video = factories.media(b"interrupted", name="interrupted.mp4")
    RecordingPage.objects.filter(pk=recording.pk).update(video=new_video)
    # The worker was lost after the copy was recorded and committed, before the delete.
    recording_files.ensure_private_copy(
        RecordingPage.objects.get(pk=recording.pk), recording_files.VIDEO
    )
    copied = RecordingPage.objects.get(pk=recording.pk).private_video_name
    assert private_storage().exists(copied)
    assert new_video.file.storage.exists(new_video.file.name)

    recording_files.sync_recording_files(recording_id=recording.pk)

    assert RecordingPage.objects.get(pk=recording.pk).private_video_name == copied
    assert not new_video.file.storage.exists(new_video.file.name)


def test_a_recording_that_is_gone_is_nothing_to_sync():
    recording_files.sync_recording_files(recording_id=987654)
