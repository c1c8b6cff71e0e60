"""Recording pages and their files: who sees what."""

import pytest
from django.urls import reverse

from tests.factories import instructor, member, resident, staff
from tests.support.demo import after_commit
from tests.webinars import factories

pytestmark = pytest.mark.django_db

ROLE_USERS = {
    "resident": resident,
    "member": member,
    "instructor": instructor,
    "staff": staff,
}


def _get(client, login_as, role, url):
    if role != "anonymous":
        client = login_as(ROLE_USERS[role]())
    return client.get(url)


@pytest.mark.parametrize(
    ("access", "role", "entitled"),
    [
        ("members", "anonymous", False),
        ("members", "resident", False),
        ("members", "member", True),
        ("members", "instructor", True),
        ("members", "staff", True),
        ("signed_in", "anonymous", False),
        ("signed_in", "resident", True),
        ("public", "anonymous", True),
        ("public", "resident", True),
    ],
)
def test_video_caption_and_page_follow_the_access_level(client, login_as, access, role, entitled):
    recording = factories.recording(access=access)
    caption = recording.captions.get()
    video_url = reverse("webinars-video", args=[recording.pk])
    caption_url = reverse("webinars-caption", args=[recording.pk, caption.pk])

    if role != "anonymous":
        client = login_as(ROLE_USERS[role]())
    page = client.get(recording.url)
    video = client.get(video_url)
    track = client.get(caption_url)

    assert page.status_code == 200
    html = page.content.decode()
    if entitled:
        assert video.status_code == 200
        assert b"".join(video.streaming_content) == factories.VIDEO_BYTES
        assert track.status_code == 200
        assert track["Content-Type"].startswith("text/vtt")
        assert b"".join(track.streaming_content).startswith(b"WEBVTT")
        assert video_url in html
        assert 'kind="captions"' in html and 'srclang="en"' in html
        assert "QIDO-RS lets you search for studies" in html  # transcript as real text
    else:
        assert video.status_code == 403
        assert track.status_code == 403
        assert video_url not in html
        assert "/media/" not in html
        assert "Retrieving pixels" in html  # the teaser still lists the chapters
        assert "QIDO-RS" not in html


def test_teaser_links_to_how_to_become_a_member(client, login_as):
    from wagtail.models import Site

    from content.models import SiteSettings, StandardPage

    site = Site.objects.get(is_default_site=True)
    join = StandardPage(title="Become a member", slug="membership")
    site.root_page.add_child(instance=join)
    settings_ = SiteSettings.for_site(site)
    settings_.membership_info_page = join
    settings_.save()
    recording = factories.recording(access="members")

    response = login_as(resident()).get(recording.url)

    assert "How to become a member" in response.content.decode()
    assert join.url in response.content.decode()


def test_members_only_video_is_not_left_in_public_media_storage():
    recording = factories.recording(access="members")
    media = recording.video

    assert recording.private_video_name.startswith("webinars/video/")
    assert not media.file.storage.exists(media.file.name)


def test_public_video_keeps_its_library_file_but_is_served_from_private_copy():
    recording = factories.recording(access="public")

    assert recording.video.file.storage.exists(recording.video.file.name)
    from content.webinars.models import private_storage

    assert private_storage().exists(recording.private_video_name)


def test_caption_of_another_recording_is_not_served_under_this_one(client):
    first = factories.recording(access="public")
    second = factories.recording(access="members")
    other_caption = second.captions.get()

    response = client.get(reverse("webinars-caption", args=[first.pk, other_caption.pk]))

    assert response.status_code == 404


def test_unpublished_recording_files_are_not_served(client, login_as):
    recording = factories.recording(access="public")
    recording.unpublish()

    assert client.get(reverse("webinars-video", args=[recording.pk])).status_code == 404


def test_webinars_url_name_leads_to_the_index(client):
    factories.index_page()

    response = client.get(reverse("webinars"))

    assert response.status_code == 200
    assert "Recordings library" in response.content.decode()


def test_saving_a_draft_does_not_change_the_live_video_or_transcript():
    recording = factories.recording(access="public")
    live_name = recording.private_video_name
    recording.video = factories.media(b"draft video bytes", name="draft.mp4")

    recording.save_revision()

    recording.refresh_from_db()
    assert recording.private_video_name == live_name
    assert recording.transcript_cues.count() == 3

    with after_commit():
        recording.get_latest_revision().publish()

    recording.refresh_from_db()
    assert recording.private_video_name != live_name
    assert recording.private_video_name.endswith("draft.mp4")
