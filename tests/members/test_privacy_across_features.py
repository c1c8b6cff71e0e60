"""GDPR across features: courses and webinars data in the export, and what erasure does."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from content.webinars import services as webinar_services
from content.webinars.models import Question, WebinarRegistration
from courses import services as course_services
from courses.models import Certificate, Enrolment
from members.privacy import erase_account, export_personal_data
from tests.courses.factories import build_course, lessons_of
from tests.factories import MembershipFactory
from tests.webinars.factories import webinar

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_with_history(django_capture_on_commit_callbacks):
    user = MembershipFactory(user__display_name="Grace Hopper").user
    course = build_course(title="SR essentials")
    course_services.enrol(user=user, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons_of(course):
            course_services.record_lesson_read(user=user, lesson=lesson)
        course_services.submit_evaluation(
            user=user,
            course=course,
            rating=5,
            comments="Mention my hospital",
            hours_spent=Decimal("1"),
        )
        course_services.confirm_certificate_name(user=user, course=course, name="Grace Hopper")
    talk = webinar(access="members", title="DICOMweb live")
    webinar_services.register(user, talk)
    webinar_services.ask_question(user, talk, "How do QIDO-RS and C-FIND differ?")
    return user


def test_the_export_holds_courses_certificates_registrations_and_questions(learner_with_history):
    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(learner_with_history)))
    courses = json.loads(archive.read("courses.json"))
    webinars = json.loads(archive.read("webinars.json"))
    assert courses["enrolments"][0]["course__title"] == "SR essentials"
    assert courses["enrolments"][0]["certificate_name"] == "Grace Hopper"
    assert courses["certificates"][0]["learner_name"] == "Grace Hopper"
    assert webinars["registrations"][0]["webinar__title"] == "DICOMweb live"
    assert webinars["questions"][0]["text"].startswith("How do QIDO-RS")


def test_erasure_keeps_statistics_and_verifiable_certificates_without_the_name(
    client, learner_with_history
):
    user = learner_with_history
    certificate = Certificate.objects.get(user=user)
    erase_account(user)

    certificate.refresh_from_db()
    assert certificate.learner_name == ""
    assert not certificate.pdf
    assert Enrolment.objects.filter(user=user).exists()  # anonymous statistics
    assert Enrolment.objects.get(user=user).certificate_name == ""  # the confirmed name too
    assert not Question.objects.filter(author=user).exists()
    assert not WebinarRegistration.objects.filter(user=user).exists()

    page = client.get(reverse("certificate-verify", args=[certificate.code]))
    assert page.status_code == 200
    assert "Name removed" in page.content.decode()
    assert "Grace Hopper" not in page.content.decode()


def test_exercise_reports_are_exported_and_their_free_text_erased():
    from courses.exercises import services as exercise_services
    from courses.exercises.models import GradeResult, Submission
    from tests.exercises.factories import make_exercise, perfect_report

    user = MembershipFactory().user
    exercise = make_exercise()
    case = exercise.cases.get()
    values = {**perfect_report(exercise, case), "impression": "Patient Jane Roe: ICA stenosis"}
    submission = exercise_services.submit(user=user, exercise=exercise, case=case, values=values)
    exercise_services.grade_submission(submission_id=submission.pk)

    archive = zipfile.ZipFile(io.BytesIO(export_personal_data(user)))
    exported = json.loads(archive.read("exercises.json"))["submissions"][0]
    assert exported["values"]["impression"].startswith("Patient Jane Roe")
    assert exported["score"] is not None

    erase_account(user)
    kept = Submission.objects.get(pk=submission.pk)
    assert kept.values["impression"] == "[erased at the trainee's request]"
    assert kept.values["right_ica_psv"] == values["right_ica_psv"]  # statistics stay
    feedback = GradeResult.objects.get(submission=kept).feedback
    assert "Jane Roe" not in json.dumps(feedback)
