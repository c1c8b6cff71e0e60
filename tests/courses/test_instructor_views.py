"""The instructor view, cohort enrolment and question import: for a course's teaching staff
and staff only, with per-line errors and nothing half-saved."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import Enrolment
from tests.courses.factories import (
    all_domains,
    build_course,
    lessons_of,
    make_question,
    teaching,
)
from tests.courses.pages import quiz_block_id
from tests.factories import UserFactory, instructor, member, resident, staff

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}


# --- Cohort enrolment and instructor view -----------------------------------------------


@pytest.mark.parametrize(
    ("make_user", "status"),
    [(resident, 403), (member, 403), (instructor, 200), (staff, 200)],
)
def test_instructor_view_is_for_instructors_and_staff(client, login_as, make_user, status):
    course = build_course()
    user = make_user()
    teaching(course, user)  # only instructors count it; the others stay refused
    login_as(user)
    assert client.get(reverse("course-instructor", args=[course.id]), **HOST).status_code == status
    assert client.get(reverse("course-cohort", args=[course.id]), **HOST).status_code == status
    assert client.get(reverse("question-import"), **HOST).status_code == status


def test_an_instructor_who_does_not_teach_the_course_is_refused(client, login_as):
    course = build_course()
    teaching(build_course(), instructor())
    login_as(instructor())
    assert client.get(reverse("course-instructor", args=[course.id]), **HOST).status_code == 403
    assert client.get(reverse("course-cohort", args=[course.id]), **HOST).status_code == 403


def test_instructor_view_for_anonymous_redirects_to_sign_in(client):
    course = build_course()
    response = client.get(reverse("course-instructor", args=[course.id]), **HOST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_instructor_view_shows_stats_and_exports_csv(client, login_as):
    learner = UserFactory(email="=cmd@example.org")
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=learner, course=course)
    lesson = lessons_of(course)[0]
    from django.http import QueryDict

    wrong = next(c.id for c in q.choices.all() if not c.is_correct)
    services.submit_quiz(
        user=learner,
        lesson=lesson,
        block_id=quiz_block_id(lesson),
        data=QueryDict(f"q{q.id}={wrong}"),
    )
    teacher = instructor()
    teaching(course, teacher)
    login_as(teacher)
    page = client.get(reverse("course-instructor", args=[course.id]), **HOST).content.decode()
    assert "Domain F" in page and "Most missed questions" in page and q.stem in page
    export = client.get(reverse("course-instructor", args=[course.id]) + "?format=csv", **HOST)
    assert export["Content-Type"].startswith("text/csv")
    assert "'=cmd@example.org" in b"".join(export.streaming_content).decode()  # no formula


def test_cohort_form_lists_per_line_errors_and_enrols_nobody(client, login_as):
    course = build_course()
    UserFactory(email="good@example.org")
    teacher = instructor()
    teaching(course, teacher)
    login_as(teacher)
    response = client.post(
        reverse("course-cohort", args=[course.id]),
        {"emails": "good@example.org\nbad-address\nghost@example.org"},
        **HOST,
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 2: &#x27;bad-address&#x27; is not a valid email address." in page
    assert "Line 3: no account uses ghost@example.org." in page
    assert not Enrolment.objects.exists()


def test_cohort_form_enrols_valid_emails(client, login_as):
    course = build_course()
    UserFactory(email="a@example.org")
    UserFactory(email="b@example.org")
    teacher = instructor()
    teaching(course, teacher)
    login_as(teacher)
    response = client.post(
        reverse("course-cohort", args=[course.id]),
        {"emails": "a@example.org\nB@example.org\n", "deadline": "2030-06-30"},
        **HOST,
    )
    assert response.status_code == 302
    assert Enrolment.objects.filter(course=course, deadline="2030-06-30").count() == 2


def test_question_import_view_shows_row_errors_and_survives_garbage(client, login_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    all_domains()
    login_as(instructor())
    url = reverse("question-import")
    garbage = client.post(url, {"file": SimpleUploadedFile("q.csv", b"\x89PNG\xff\x00")}, **HOST)
    assert garbage.status_code == 400 and "not UTF-8" in garbage.content.decode()
    big = client.post(url, {"file": SimpleUploadedFile("q.csv", b"a" * (1024 * 1024 + 10))}, **HOST)
    assert big.status_code == 400 and "larger than 1 MB" in big.content.decode()
    bad_row = "domain,difficulty,type,stem,explanation,choices,correct\nQ,easy,single,S,E,A|B,1\n"
    response = client.post(url, {"file": SimpleUploadedFile("q.csv", bad_row.encode())}, **HOST)
    assert response.status_code == 400 and "Row 2: domain" in response.content.decode()
    assert client.post(url, {}, **HOST).status_code == 400
