"""Evaluation, certificates and public verification through the site."""

from decimal import Decimal

import pytest
from django.urls import reverse

from courses import services
from courses.models import Certificate, Enrolment
from tests.courses.factories import (
    build_course,
    lessons_of,
)
from tests.factories import UserFactory, instructor, resident, staff
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}


# --- Evaluation, certificates and verification ------------------------------------------


def _certified(user) -> Certificate:
    course = build_course(requires_evaluation=False, cme_credits=Decimal("1.0"))
    services.enrol(user=user, course=course)
    for lesson in lessons_of(course):
        services.record_lesson_read(user=user, lesson=lesson)
    Enrolment.objects.filter(user=user, course=course).update(certificate_name=user.name)
    from courses.tasks import issue_certificate

    issue_certificate(user.id, course.id)
    return Certificate.objects.get(user=user, course=course)


def _pdf_text(response) -> bytes:
    """The drawn strings of the certificate PDF."""
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    return pdf_text(data)


def test_the_learner_confirms_the_name_before_the_certificate_is_issued(
    client, login_as, django_capture_on_commit_callbacks
):
    learner = UserFactory(display_name="", first_name="Maria", last_name="Rossi")
    course = build_course(requires_evaluation=False, cme_credits=Decimal("1.0"))
    services.enrol(user=learner, course=course)
    for lesson in lessons_of(course):
        services.record_lesson_read(user=learner, lesson=lesson)
    login_as(learner)

    course_page = client.get(course.url, **HOST).content.decode()
    step = reverse("course-certificate-name", args=[course.id])
    assert f'href="{step}"' in course_page and "Confirm the name on your certificate" in course_page
    assert not Certificate.objects.exists()

    form = client.get(step, **HOST).content.decode()
    assert 'value="Maria Rossi"' in form  # the name given at sign-up, to check

    empty = client.post(step, {"name": "  "}, **HOST)
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert not Certificate.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(step, {"name": "Dr Maria Rossi"}, **HOST)
    assert done.status_code == 302
    certificate = Certificate.objects.get(user=learner, course=course)
    pdf = client.get(reverse("certificate-download", args=[certificate.code]), **HOST)
    assert b"(Dr Maria Rossi) Tj" in _pdf_text(pdf)

    # Issued: the step is over.
    again = client.get(step, **HOST)
    assert again.status_code == 409 and "issued already" in again.content.decode()


def test_certificate_download_is_for_its_owner_and_staff_only(client, login_as):
    owner = resident()
    certificate = _certified(owner)
    url = reverse("certificate-download", args=[certificate.code])
    login_as(owner)
    response = client.get(url, **HOST)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    login_as(resident())
    assert client.get(url, **HOST).status_code == 403
    login_as(instructor())
    assert client.get(url, **HOST).status_code == 403
    login_as(staff())
    assert client.get(url, **HOST).status_code == 200
    client.logout()
    assert client.get(url, **HOST).status_code == 302


def test_verification_page_shows_minimal_facts(client):
    owner = UserFactory(display_name="Grace Hopper", email="grace@example.org")
    certificate = _certified(owner)
    page = client.get(reverse("certificate-verify", args=[certificate.code]), **HOST)
    text = page.content.decode()
    assert page.status_code == 200 and "Valid." in text
    assert "Grace Hopper" in text and certificate.course_title in text and "1.0 ECMEC" in text
    assert "grace@example.org" not in text


def test_unknown_verification_code_is_a_friendly_404(client):
    response = client.get(reverse("certificate-verify", args=["nope-nope-nope"]), **HOST)
    assert response.status_code == 404 and "Certificate not found" in response.content.decode()


def test_verify_form_redirects_and_refuses_bad_codes(client):
    ok = client.get(reverse("certificate-verify-form") + "?code=abcdEFGH_123", **HOST)
    assert ok.status_code == 302 and ok["Location"].endswith("/certificates/verify/abcdEFGH_123/")
    bad = client.get(reverse("certificate-verify-form") + "?code=<script>", **HOST)
    assert bad.status_code == 400


def test_evaluation_form_rejects_bad_input_and_accepts_good(client, login_as):
    user = resident()
    course = build_course()
    services.enrol(user=user, course=course)
    for lesson in lessons_of(course):
        services.record_lesson_read(user=user, lesson=lesson)
    login_as(user)
    url = reverse("course-evaluation", args=[course.id])
    bad = client.post(url, {"rating": "9", "hours_spent": "-1"}, **HOST)
    assert bad.status_code == 400
    good = client.post(url, {"rating": "4", "hours_spent": "1", "comments": "Useful"}, **HOST)
    assert good.status_code == 302
    again = client.post(url, {"rating": "4", "hours_spent": "1"}, **HOST)
    assert again.status_code == 409 and "already submitted" in again.content.decode()


@pytest.mark.parametrize(("typed", "hours"), [("2,5", Decimal("2.5")), ("2.5", Decimal("2.5"))])
def test_evaluation_form_accepts_a_decimal_comma(client, login_as, typed, hours):
    from courses.models import CourseEvaluation

    user = resident()
    course = build_course()
    services.enrol(user=user, course=course)
    for lesson in lessons_of(course):
        services.record_lesson_read(user=user, lesson=lesson)
    login_as(user)
    url = reverse("course-evaluation", args=[course.id])
    form_page = client.get(url, **HOST).content.decode()
    assert 'inputmode="decimal"' in form_page and 'type="number"' not in form_page
    assert client.post(url, {"rating": "4", "hours_spent": "2,5,1"}, **HOST).status_code == 400
    response = client.post(url, {"rating": "4", "hours_spent": typed}, **HOST)
    assert response.status_code == 302
    assert CourseEvaluation.objects.get(user=user, course=course).hours_spent == hours


def test_evaluation_needs_enrolment(client, login_as):
    course = build_course()
    login_as(resident())
    assert client.get(reverse("course-evaluation", args=[course.id]), **HOST).status_code == 403
