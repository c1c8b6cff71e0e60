"""Pages are found from the route cache after the first visit, and a publish, unpublish,
move or slug change is followed at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonPage, ModulePage
from tests.courses.factories import build_course, lessons_of
from tests.factories import resident

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


def page_queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **HOST)
    assert response.status_code == 200, url
    walked = [q for q in queries.captured_queries if '"wagtailcore_page"."slug" =' in q["sql"]]
    return len(walked), response.content.decode()


def test_a_deep_page_is_found_without_walking_the_tree_again(client, login_as):
    login_as(resident())
    lesson = lessons_of(build_course())[0]
    first, _ = page_queries(client, lesson.url)
    assert first >= 4  # courses, course, module, lesson: one look-up per level
    again, page = page_queries(client, lesson.url)
    assert again == 0
    assert f"<h1>{lesson.title}" in page or lesson.title in page


def test_a_changed_tree_is_followed_at_once(client, login_as):
    login_as(resident())
    course = build_course(modules=2)
    lesson = lessons_of(course)[0]
    old_url = lesson.url
    page_queries(client, old_url)

    lesson.slug = "renamed-lesson"
    lesson.save_revision().publish()
    assert client.get(old_url, **HOST).status_code == 404
    lesson = LessonPage.objects.get(pk=lesson.pk)
    new_url = lesson.url
    assert new_url.endswith("/renamed-lesson/")
    page_queries(client, new_url)

    other_module = ModulePage.objects.child_of(course).order_by("path").last()
    lesson.move(other_module, pos="last-child")
    lesson = LessonPage.objects.get(pk=lesson.pk)
    moved = client.get(new_url, **HOST)  # Wagtail's redirects send the old path on
    assert moved.status_code == 301 and moved["Location"] == lesson.url
    page_queries(client, lesson.url)

    moved_url = lesson.url
    lesson.unpublish()
    assert client.get(moved_url, **HOST).status_code == 404
