"""Slides and other recording files: only entitled viewers get them; nothing of a
non-public recording is left where the public /media/ URL would serve it."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve as serve_media_root
from wagtail.documents.models import Document

from content.webinars.models import private_storage
from tests.factories import member, resident, staff
from tests.webinars import factories

pytestmark = pytest.mark.django_db

SLIDES = b"%PDF-1.4 slides of the talk\n"
ROLES = {"resident": resident, "member": member, "staff": staff}


def slides_document(name: str = "mrrt-slides.pdf", content: bytes = SLIDES) -> Document:
    return Document.objects.create(title="Slides", file=ContentFile(content, name=name))


def recording_with_slides(access: str, **kwargs):
    document = slides_document(content=kwargs.pop("slides_content", SLIDES))
    recording = factories.recording(access=access, slides=document, **kwargs)
    return recording, document


def client_for(client, login_as, role):
    return client if role == "anonymous" else login_as(ROLES[role]())


@pytest.mark.parametrize(
    ("access", "role", "entitled"),
    [
        ("members", "anonymous", False),
        ("members", "resident", False),
        ("members", "member", True),
        ("members", "staff", True),
        ("signed_in", "anonymous", False),
        ("signed_in", "resident", True),
        ("public", "anonymous", True),
    ],
)
def test_slides_are_served_only_to_entitled_viewers(client, login_as, access, role, entitled):
    recording, document = recording_with_slides(access)
    slides_url = reverse("webinars-slides", args=[recording.pk])
    client = client_for(client, login_as, role)

    page = client.get(recording.url).content.decode()
    response = client.get(slides_url)
    wagtail_url = client.get(document.url)

    if entitled:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == SLIDES
        assert response["Content-Disposition"] == 'attachment; filename="mrrt-slides.pdf"'
        assert response["Cache-Control"] == "private, no-store"
        assert slides_url in page
        assert "Download the slides (PDF)" in page
        if access != "public":  # an old link to the library file leads to the private copy
            assert wagtail_url.status_code == 302
            assert wagtail_url["Location"] == slides_url
    else:
        assert response.status_code == 403
        assert slides_url not in page
        assert "Download the slides" not in page
        # The Wagtail document URL is no side door.
        assert wagtail_url.status_code == 403
    assert document.url not in page


def test_staff_editors_still_reach_the_document_in_wagtail(client, login_as):
    recording, document = recording_with_slides("members")
    editor = staff()
    editor.is_superuser = True
    editor.save()

    response = login_as(editor).get(document.url, follow=True)

    # The public file is gone; editors opening it from the admin get the private copy.
    assert not document.file.storage.exists(document.file.name)
    assert response.redirect_chain == [(reverse("webinars-slides", args=[recording.pk]), 302)]
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SLIDES
    assert response["Cache-Control"] == "private, no-store"


def test_a_document_that_is_no_recordings_slides_is_served_as_usual(client):
    document = slides_document("handout.pdf")

    response = client.get(document.url)

    assert response.status_code == 200


def test_unpublished_recording_slides_are_not_served(client, login_as):
    recording, document = recording_with_slides("members")
    recording.unpublish()
    client = login_as(member())

    assert client.get(reverse("webinars-slides", args=[recording.pk])).status_code == 404
    assert client.get(document.url).status_code == 403


def _under_media_root(name: str) -> int:
    """What a web server aliasing /media/ to MEDIA_ROOT answers for this storage name."""
    request = RequestFactory().get(f"/media/{name}")
    try:
        return serve_media_root(request, name, document_root=settings.MEDIA_ROOT).status_code
    except Http404:
        return 404


def _media_root_files() -> list[bytes]:
    root = Path(settings.MEDIA_ROOT)
    return [path.read_bytes() for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize("access", ["members", "signed_in"])
def test_no_file_of_a_non_public_recording_is_reachable_under_media(access):
    marker = uuid.uuid4().hex.encode()  # MEDIA_ROOT is shared by the whole test run
    video, slides = b"video " + marker, b"%PDF slides " + marker
    vtt = factories.ENGLISH_VTT.replace("Welcome", marker.decode())
    recording, document = recording_with_slides(access, video=video, slides_content=slides, vtt=vtt)
    caption = recording.captions.get()

    assert (
        not Path(settings.PRIVATE_MEDIA_ROOT)
        .resolve()
        .is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    )
    # The library originals are deleted; the private copies are not under MEDIA_ROOT.
    assert _under_media_root(recording.video.file.name) == 404
    assert _under_media_root(document.file.name) == 404
    for name in (recording.private_video_name, recording.private_slides_name, caption.file.name):
        assert private_storage().exists(name)
        assert _under_media_root(name) == 404
    assert not any(marker in content for content in _media_root_files())


def test_public_recording_keeps_its_public_files():
    recording, document = recording_with_slides("public")

    assert _under_media_root(recording.video.file.name) == 200
    assert _under_media_root(document.file.name) == 200
    assert private_storage().exists(recording.private_slides_name)


def test_changing_the_slides_makes_a_new_private_copy():
    recording, _ = recording_with_slides("members")
    first = recording.private_slides_name
    recording.slides = slides_document("v2.pdf")
    factories.publish(recording)
    recording.refresh_from_db()

    assert recording.private_slides_name != first
    assert recording.private_slides_name.endswith("v2.pdf")

    recording.slides = None
    factories.publish(recording)
    recording.refresh_from_db()
    assert recording.private_slides_name == ""
