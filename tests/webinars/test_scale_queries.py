"""The recordings library costs the same number of queries with 10x the recordings, each
with its own poster (posters and their renditions come in one query each)."""

from __future__ import annotations

import io

import pytest
from django.core.cache import caches
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.webinars import factories

pytestmark = pytest.mark.django_db


def poster(n: int):
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 360), (n % 255, 80, 120)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=f"Poster {n}", file=ImageFile(buffer, name=f"poster-{n}.png")
    )


def add_recordings(n: int, start: int) -> None:
    for i in range(start, start + n):
        factories.recording(access="public", video=None, vtt=None, poster=poster(i))


def library_queries(client) -> tuple[int, str]:
    url = factories.index_page().url
    client.get(url)  # renders every poster size once (renditions are made on first use)
    for cache in caches.all():
        cache.clear()  # measure a full render, not the cached library fragment
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_library_costs_the_same_with_ten_times_the_recordings(client):
    # 3 and 30 recordings: sizes 10x apart are what the query count is compared at (each
    # recording is a published page with a poster, about 0.1 s to make).
    add_recordings(3, 0)
    small, page = library_queries(client)
    assert page.count("poster-") == 3
    add_recordings(27, 3)
    large, page = library_queries(client)
    assert page.count("poster-") == 30
    assert "30 recordings" in page
    assert large == small
