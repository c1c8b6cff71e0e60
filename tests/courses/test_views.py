"""Pages and endpoints: who may see what, no answer leaks, bad input, flat query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import LessonProgress
from tests.courses.factories import (
    all_domains,
    build_course,
    lessons_of,
    make_question,
)
from tests.factories import instructor, resident

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}


# --- Public pages -----------------------------------------------------------------------


def _curriculum_with_one_gap():
    from courses.models import LearningObjective, Topic

    domain = all_domains()["F"]  # the 2018 shares: they add up to 101
    topic = Topic.objects.create(domain=domain, title="DICOMweb", esr_level="II")
    covered = LearningObjective.objects.create(topic=topic, kind="knowledge", text="Covered one")
    LearningObjective.objects.create(topic=topic, kind="skill", text="Lonely one")
    course = build_course(title="DICOMweb course")
    course.objectives.set([covered])
    course.save_revision().publish()


def test_instructors_see_the_coverage_map_with_gaps_and_the_weights_warning(client, login_as):
    _curriculum_with_one_gap()
    login_as(instructor())
    page = client.get(reverse("curriculum"), **HOST).content.decode()
    assert "F. Domain F" in page and "18%" in page
    assert "DICOMweb course" in page
    assert page.count("Gap: not covered by any course") == 1
    assert "Weights add up to 101%" in page
    assert "the weights should add up to 100%" in page
    assert "Objectives covered" in page


def test_learners_see_domains_objectives_and_where_to_learn_them_without_authoring_tools(
    client, login_as
):
    _curriculum_with_one_gap()
    for viewer in (resident(), None):
        if viewer:
            login_as(viewer)
        else:
            client.logout()
        page = client.get(reverse("curriculum"), **HOST).content.decode()
        assert "F. Domain F" in page and "18%" in page
        assert "Covered one" in page and "Lonely one" in page
        assert "Learn it in:" in page and "DICOMweb course" in page
        assert "Gap" not in page
        assert "Weights add up" not in page and "should add up" not in page
        assert "not yet covered" not in page and "Objectives covered" not in page


def test_demo_curriculum_weights_add_up_to_100():
    from content.demo_files import read
    from courses.demo_curriculum import CURRICULUM

    assert sum(domain["weight"] for domain in read(CURRICULUM)["domains"]) == 100


def test_courses_url_leads_to_the_course_index(client):
    build_course(title="Listed course")
    response = client.get(reverse("courses"), **HOST)
    assert response.status_code == 200
    assert "Listed course" in response.content.decode()


def test_courses_url_without_an_index_is_a_friendly_404(client):
    assert client.get(reverse("courses"), **HOST).status_code == 404


def test_anonymous_visitors_can_read_a_lesson_but_are_asked_to_sign_in(client):
    course = build_course()
    response = client.get(lessons_of(course)[0].url, **HOST)
    assert response.status_code == 200
    assert "Sign in</a> and enrol" in response.content.decode()


def test_my_learning_needs_sign_in(client):
    response = client.get(reverse("my-learning"), **HOST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Enrolment and progress through the site --------------------------------------------


def test_resident_journey_enrol_read_dashboard(client, login_as):
    user = resident()
    course = build_course(lessons_per_module=2)
    first, second = lessons_of(course)
    login_as(user)
    response = client.post(reverse("course-enrol", args=[course.id]), **HOST)
    assert response.status_code == 302 and response["Location"] == first.url
    client.post(reverse("lesson-read", args=[first.id]), **HOST)
    page = client.get(course.url, **HOST).content.decode()
    assert "1 of 2 required lessons complete" in page
    assert "Continue where you left off" in page and second.title in page
    dashboard = client.get(reverse("my-learning"), **HOST).content.decode()
    assert course.title in dashboard and "1 of 2 lessons" in dashboard


def test_marking_read_without_enrolment_is_refused(client, login_as):
    course = build_course()
    login_as(resident())
    response = client.post(reverse("lesson-read", args=[lessons_of(course)[0].id]), **HOST)
    assert response.status_code == 403
    assert "Enrol in the course first" in response.content.decode()
    assert not LessonProgress.objects.exists()


def test_video_progress_endpoint_validates_its_json(client, login_as):
    user, course = resident(), build_course()
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    url = reverse("lesson-video-progress", args=[lesson.id])
    login_as(user)
    bad = client.post(url, data="garbage", content_type="application/json", **HOST)
    assert bad.status_code == 400 and "media_id" in bad.json()["error"]
    missing = client.post(
        url,
        data=json.dumps({"media_id": 99, "fraction": 0.5}),
        content_type="application/json",
        **HOST,
    )
    assert missing.status_code == 400 and "not part of this lesson" in missing.json()["error"]


def test_video_progress_endpoint_is_csrf_protected_and_needs_sign_in(client):
    from django.test import Client

    course = build_course()
    lesson = lessons_of(course)[0]
    url = reverse("lesson-video-progress", args=[lesson.id])
    assert client.post(url, data="{}", content_type="application/json", **HOST).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(resident())
    response = strict.post(url, data="{}", content_type="application/json", **HOST)
    assert response.status_code == 403


# --- Query counts -----------------------------------------------------------------------


def _lesson_queries(client, course) -> int:
    lesson = lessons_of(course)[0]
    client.get(lesson.url, **HOST)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(lesson.url, **HOST).status_code == 200
    return len(ctx.captured_queries)


def test_lesson_page_queries_do_not_grow_with_course_size(client, login_as):
    user = resident()
    questions = [make_question() for _ in range(2)]
    small = build_course(modules=1, lessons_per_module=2, quiz_questions=questions[:1])
    big = build_course(modules=4, lessons_per_module=5, quiz_questions=questions, extra_blocks=8)
    for course in (small, big):
        services.enrol(user=user, course=course)
        services.record_lesson_read(user=user, lesson=lessons_of(course)[1])
    login_as(user)
    assert _lesson_queries(client, big) <= _lesson_queries(client, small)


def test_course_page_queries_do_not_grow_with_course_size(client, login_as):
    user = resident()
    small = build_course(modules=1, lessons_per_module=2)
    big = build_course(modules=5, lessons_per_module=6)
    login_as(user)
    counts = []
    for course in (small, big):
        services.enrol(user=user, course=course)
        client.get(course.url, **HOST)
        with CaptureQueriesContext(connection) as ctx:
            client.get(course.url, **HOST)
        counts.append(len(ctx.captured_queries))
    assert counts[1] <= counts[0]


def test_pages_need_no_inline_script_or_style(client, login_as):
    user = resident()
    course = build_course(quiz_questions=[make_question()])
    services.enrol(user=user, course=course)
    login_as(user)
    for url in (
        course.url,
        lessons_of(course)[0].url,
        reverse("curriculum"),
        reverse("my-learning"),
        reverse("practice-exam"),
    ):
        page = client.get(url, **HOST).content.decode()
        assert 'style="' not in page and "<style" not in page, url
        assert "<script>" not in page, url
