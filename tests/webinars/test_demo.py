"""The demo loader is idempotent and labels everything as demo."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from content.webinars import demo
from content.webinars.models import RecordingPage, Speaker, TranscriptCue, WebinarPage
from tests.support.demo import after_commit

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_without_duplicates(client):
    with after_commit():
        demo.load(io.StringIO())
    with after_commit():
        demo.load(io.StringIO())

    assert RecordingPage.objects.count() == 3
    assert WebinarPage.objects.count() == 2
    assert Speaker.objects.count() == 3
    assert all(page.is_demo for page in RecordingPage.objects.all())
    assert WebinarPage.objects.filter(start__gt=timezone.now()).count() == 2
    assert {r.access for r in RecordingPage.objects.all()} >= {"public", "members"}
    dicomweb = RecordingPage.objects.get(slug="dicomweb-in-practice")
    assert list(dicomweb.captions.values_list("language", flat=True)) == ["en", "nl"]
    assert TranscriptCue.objects.filter(recording=dicomweb).count() == 3

    response = client.get(reverse("webinars-video", args=[dicomweb.pk]), HTTP_RANGE="bytes=0-3")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == b"\x1aE\xdf\xa3"  # WebM/EBML magic
