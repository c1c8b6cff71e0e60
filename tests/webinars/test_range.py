"""The video view speaks HTTP Range so that seeking works; nginx and S3 modes hand off."""

import pytest
from django.urls import reverse

from tests.webinars import factories

pytestmark = pytest.mark.django_db

DATA = factories.VIDEO_BYTES
SIZE = len(DATA)  # 1000


@pytest.fixture
def video_url():
    recording = factories.recording(access="public")
    return reverse("webinars-video", args=[recording.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_no_range_gives_the_whole_file_and_advertises_ranges(client, video_url):
    response = client.get(video_url)

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(SIZE)
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == DATA


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),  # first bytes
        ("bytes=100-199", 100, 199),  # middle
        ("bytes=100-", 100, SIZE - 1),  # open-ended
        ("bytes=-500", SIZE - 500, SIZE - 1),  # suffix
        ("bytes=-5000", 0, SIZE - 1),  # suffix longer than the file
        ("bytes=900-5000", 900, SIZE - 1),  # end past the file is clipped
        ("bytes=999-999", 999, 999),  # last byte
    ],
)
def test_satisfiable_range_gives_206_with_exact_bytes(client, video_url, header, first, last):
    response = client.get(video_url, HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert body(response) == DATA[first : last + 1]


@pytest.mark.parametrize(
    "header",
    [
        "bytes=1000-",  # starts past the end: unsatisfiable
        "bytes=5000-6000",
        "bytes=-0",
        "bytes=200-100",  # reversed
        "bytes=abc",  # malformed
        "bytes=-",
        "items=0-10",
        "bytes=0-10,20-30",  # multiple ranges are not supported
    ],
)
def test_unsatisfiable_or_malformed_range_gives_416(client, video_url, header):
    response = client.get(video_url, HTTP_RANGE=header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"


def test_large_file_is_streamed_in_chunks(client):
    big = bytes(300 * 1024)
    recording = factories.recording(access="public", video=big)

    response = client.get(reverse("webinars-video", args=[recording.pk]))

    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) > 1
    assert max(len(chunk) for chunk in chunks) <= 64 * 1024
    assert b"".join(chunks) == big


def test_nginx_mode_returns_x_accel_redirect_and_no_body(client, settings):
    settings.PROTECTED_MEDIA_DELIVERY = "nginx"
    settings.PROTECTED_MEDIA_NGINX_PREFIX = "/protected/"
    recording = factories.recording(access="public")

    response = client.get(reverse("webinars-video", args=[recording.pk]))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected/" + recording.private_video_name
    assert response.content == b""


def test_nginx_mode_still_checks_access(client, settings):
    settings.PROTECTED_MEDIA_DELIVERY = "nginx"
    recording = factories.recording(access="members")

    response = client.get(reverse("webinars-video", args=[recording.pk]))

    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response


def test_s3_mode_redirects_to_the_storages_signed_url(client, settings, monkeypatch):
    settings.PROTECTED_MEDIA_DELIVERY = "s3"
    recording = factories.recording(access="public")
    from django.core.files.storage import FileSystemStorage

    monkeypatch.setattr(
        FileSystemStorage,
        "url",
        lambda self, name: f"https://s3.example.org/bucket/{name}?X-Amz-Signature=abc",
    )

    response = client.get(reverse("webinars-video", args=[recording.pk]))

    assert response.status_code == 302
    assert response["Location"] == (
        f"https://s3.example.org/bucket/{recording.private_video_name}?X-Amz-Signature=abc"
    )
