"""Instructors and staff pay for their extras once per session, not on every page: the
two-factor check remembers the device in the session and Wagtail's user bar is rendered
once per session, page and content version. After the first request an instructor's page
costs what a resident's costs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from tests.conftest import enable_totp
from tests.courses.factories import build_course, lessons_of
from tests.factories import TEST_PASSWORD, UserFactory, instructor, resident, staff
from tests.support.signin import sign_in

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


def queries_after_the_first_request(client, url: str) -> tuple[int, str]:
    client.get(url, **HOST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **HOST)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("author", [instructor, staff])
def test_an_authors_pages_cost_what_a_residents_cost_after_the_first_request(login_as, author):
    course = build_course()
    lesson = lessons_of(course)[0]
    learner, teacher = resident(), author()
    for user in (learner, teacher):
        services.enrol(user=user, course=course)
    learner_client = login_as(learner)
    author_client = Client()
    enable_totp(teacher)
    sign_in(author_client, teacher)
    for url in (lesson.url, "/", reverse("my-learning"), reverse("curriculum")):
        residents, _ = queries_after_the_first_request(learner_client, url)
        authors, page = queries_after_the_first_request(author_client, url)
        assert authors == residents, url
        assert 'id="wagtail-userbar-template"' in page, url  # the user bar is still there


def test_each_pages_cached_user_bar_edits_that_page(client):
    course = build_course()
    lesson, other_lesson = lessons_of(course)[:2]
    editor = UserFactory(is_superuser=True, is_staff=True)
    enable_totp(editor)
    sign_in(client, editor)
    _, first = queries_after_the_first_request(client, lesson.url)
    _, second = queries_after_the_first_request(client, other_lesson.url)
    assert f"/admin/pages/{lesson.pk}/edit/" in first
    assert f"/admin/pages/{other_lesson.pk}/edit/" in second
    assert f"/admin/pages/{lesson.pk}/edit/" not in second


def test_an_instructor_who_removes_their_device_is_sent_to_set_one_up_again(client):
    teacher = instructor()
    enable_totp(teacher)
    sign_in(client, teacher)
    assert client.get("/", **HOST).status_code == 200  # the device is remembered now
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.post(reverse("mfa_deactivate_totp"), {})
    assert not teacher.authenticator_set.filter(type="totp").exists()
    response = client.get("/", **HOST)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
