"""Course outline, curriculum and webinar library from fragments cached by content version.

Issue 17 item 4: rendered once per content version for every visitor, signed in too; a
publish shows at once; nothing private or per-visitor ever enters a shared fragment; the
lesson and webinar index pages join the anonymous page cache where public.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from courses.models import LearningObjective, ModulePage, Topic
from courses.services import enrol, record_lesson_read
from tests.courses.factories import DomainFactory, add_lesson, build_course, lessons_of
from tests.factories import UserFactory, resident
from tests.webinars import factories as webinar_factories

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.fixture
def objective():
    topic = Topic.objects.create(domain=DomainFactory(letter="C"), title="Standards", esr_level="I")
    return LearningObjective.objects.create(topic=topic, kind="knowledge", text="Explain DICOM.")


def test_the_curriculum_is_rendered_once_and_a_publish_shows_at_once(client, objective):
    first, _ = _queries(client, "/curriculum/")
    second, html = _queries(client, "/curriculum/")
    assert second < first  # the domains, topics and objectives were not read again
    assert "Explain DICOM." in html

    course = build_course(title="DICOM from scratch")
    course.objectives.add(objective)
    course.save_revision().publish()

    assert "DICOM from scratch" in client.get("/curriculum/").content.decode()


def test_a_curriculum_edit_shows_at_once(client, objective):
    client.get("/curriculum/")
    objective.text = "Explain DICOMweb."
    objective.save()

    assert "Explain DICOMweb." in client.get("/curriculum/").content.decode()


def test_a_restricted_course_never_enters_the_shared_curriculum(client, objective):
    course = build_course(title="Board-only course")
    course.objectives.add(objective)
    course.save_revision().publish()
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)

    client.force_login(UserFactory())  # a visitor who may open it renders the fragment first
    assert "Board-only course" not in client.get("/curriculum/").content.decode()
    assert "Board-only course" not in Client().get("/curriculum/").content.decode()


def test_the_outline_is_shared_but_progress_stays_each_learners_own(client, login_as):
    course = build_course(title="Outline course", lessons_per_module=3)
    first, second, third = lessons_of(course)
    done_by_a, fresh_b = resident(), resident()
    for user in (done_by_a, fresh_b):
        enrol(user=user, course=course)
    record_lesson_read(user=done_by_a, lesson=first)

    a = login_as(done_by_a)
    page_a = a.get(second.url).content.decode()
    b = Client()
    b.force_login(fresh_b)
    page_b = b.get(third.url).content.decode()

    outline_a = page_a.split('class="course-outline"', 1)[1]
    outline_b = page_b.split('class="course-outline"', 1)[1]
    assert outline_a.count("badge--ok") == 1 and outline_b.count("badge--ok") == 0
    assert f'href="{second.url}" aria-current="page"' in outline_a
    assert f'href="{third.url}" aria-current="page"' in outline_b
    assert 'aria-current="page"' not in outline_b.replace(f'href="{third.url}" aria-current', "")
    assert "\x02" not in page_a and "\x02" not in page_b  # every marker filled in


def test_a_new_lesson_shows_in_the_outline_at_once(client):
    course = build_course(title="Growing course", lessons_per_module=1)
    lesson = lessons_of(course)[0]
    client.force_login(UserFactory())
    client.get(lesson.url)

    add_lesson(ModulePage.objects.child_of(course).first(), "Brand new lesson")

    assert "Brand new lesson" in client.get(lesson.url).content.decode()


def test_outline_cost_is_flat_in_the_number_of_lessons(client):
    small = build_course(title="Small", lessons_per_module=2)
    large = build_course(title="Large", lessons_per_module=20)
    client.force_login(UserFactory())
    counts = []
    for course in (small, large):
        url = lessons_of(course)[0].url
        client.get(url)
        counts.append(_queries(client, url)[0])
    assert counts[0] == counts[1]


def test_public_lessons_join_the_anonymous_page_cache_restricted_ones_do_not(client):
    course = build_course(title="Cached course", lessons_per_module=1)
    lesson = lessons_of(course)[0]
    client.get(lesson.url)
    assert _queries(client, lesson.url)[0] == 0

    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(lesson.url)
    assert response.status_code == 302


def test_the_webinar_index_joins_the_anonymous_page_cache(client):
    webinar_factories.recording(access="members", title="Library talk")
    index = webinar_factories.index_page()
    client.get(index.url)

    count, html = _queries(client, index.url)

    assert count == 0
    assert "Library talk" in html
    assert "Members only" in html or "Active society members" in html


def test_the_recordings_library_is_a_shared_fragment_for_signed_in_visitors(client):
    webinar_factories.recording(access="public", title="First talk")
    index = webinar_factories.index_page()
    client.force_login(UserFactory())
    client.get(index.url, {"year": "2024"})
    first, _ = _queries(client, index.url + "?year=2023")
    second, html = _queries(client, index.url + "?year=2023")
    assert second < first

    webinar_factories.recording(access="members", title="Second talk")  # published

    assert "Second talk" in client.get(index.url).content.decode()
