"""My learning: courses, reporting exercises (in progress, results), webinar
registrations and a CME transcript across all certificates, with a PDF to download;
its queries do not grow with what the learner has done."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content.webinars.models import WebinarRegistration
from courses.exercises.models import FeedbackTiming, GradeResult, Submission, SubmissionStatus
from courses.models import Certificate
from tests.exercises.factories import make_exercise
from tests.exercises.test_scale_queries import add_cases
from tests.factories import UserFactory
from tests.support.pdf import pdf_text
from tests.webinars import factories as webinar_factories

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}
_codes = count()


def certificate(user, *, title: str, ecmec: str, completed_on: datetime.date) -> Certificate:
    return Certificate.objects.create(
        user=user,
        code=f"CODE{next(_codes):012d}",
        learner_name=user.name,
        course_title=title,
        credits=Decimal(ecmec),
        provider="Demo Society",
        completed_on=completed_on,
    )


def submission(user, exercise, case, *, status: str, attempt: int = 1, score: float | None = None):
    s = Submission.objects.create(
        user=user,
        exercise=exercise,
        case=case,
        attempt=attempt,
        status=status,
        submitted_at=None if status == SubmissionStatus.DRAFT else timezone.now(),
    )
    if score is not None:
        GradeResult.objects.create(
            submission=s,
            score=score,
            points=score * 10,
            possible=10,
            passed=score >= 0.7,
            pass_mark=0.7,
            grader_version="test",
            key_hash="h",
        )
    return s


def _main(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.search(r"<main[^>]*>(.*)</main>", html, re.S).group(1))


def test_the_cme_transcript_adds_up_the_credits_of_each_year(client, login_as):
    learner = UserFactory(display_name="Dr Maria Rossi")
    certificate(
        learner, title="DICOM SR essentials", ecmec="1.5", completed_on=datetime.date(2025, 3, 2)
    )
    certificate(
        learner, title="MRRT templates", ecmec="2.0", completed_on=datetime.date(2025, 11, 30)
    )
    certificate(
        learner,
        title="AI in the reading room",
        ecmec="1.0",
        completed_on=datetime.date(2026, 1, 15),
    )
    certificate(
        UserFactory(), title="Someone else's", ecmec="9.0", completed_on=datetime.date(2026, 1, 1)
    )
    login_as(learner)

    main = _main(client.get(reverse("my-learning"), **HOST))
    transcript = re.search(r'<section aria-labelledby="transcript-h">(.*?)</section>', main).group(
        1
    )
    rows = re.findall(
        r'<tr><th scope="row">(\w+)</th><td>(\d+)</td><td>([\d.]+)</td></tr>', transcript
    )
    assert rows == [("2026", "1", "1.0"), ("2025", "2", "3.5"), ("Total", "3", "4.5")]
    assert f'href="{reverse("cme-transcript-pdf")}"' in transcript

    response = client.get(reverse("cme-transcript-pdf"), **HOST)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="cme-transcript-')
    text = pdf_text(response.content)
    for drawn in (
        b"(CME transcript)",
        b"(Dr Maria Rossi)",
        b"(2025)",
        b"(3.5 ECMEC)",
        b"(2026)",
        b"(1.0 ECMEC)",
        b"(4.5 ECMEC)",
        b"(MRRT templates)",
        b"(02 Mar 2025)",
    ):
        assert drawn in text, drawn
    assert b"Someone else" not in text and b"9.0" not in text


def test_the_transcript_of_a_learner_without_certificates_says_so(client, login_as):
    login_as(UserFactory())
    main = _main(client.get(reverse("my-learning"), **HOST))
    assert "Your CME credits appear here, year by year, once you earn a certificate." in main
    text = pdf_text(client.get(reverse("cme-transcript-pdf"), **HOST).content)
    assert b"(0 ECMEC)" in text


def test_my_learning_shows_exercises_in_progress_and_their_results(client, login_as):
    learner = UserFactory()
    immediate = make_exercise(title="Carotid duplex", cases=1)
    (case,) = immediate.cases.all()
    second = add_cases(immediate, 1)[0]
    submission(learner, immediate, case, status=SubmissionStatus.GRADED, score=0.8)
    submission(learner, immediate, case, status=SubmissionStatus.DRAFT, attempt=2)
    submission(learner, immediate, second, status=SubmissionStatus.GRADED, score=0.55)
    embargoed = make_exercise(
        title="Thyroid nodules",
        cases=1,
        feedback_timing=FeedbackTiming.AFTER_DEADLINE,
        feedback_deadline=timezone.now() + datetime.timedelta(days=7),
    )
    submission(learner, embargoed, embargoed.cases.get(), status=SubmissionStatus.GRADED, score=0.9)
    login_as(learner)

    main = _main(client.get(reverse("my-learning"), **HOST))
    table = re.search(r'<section aria-labelledby="exercises-h">(.*?)</section>', main).group(1)
    rows = re.findall(r"<tr> ?<th scope=\"row\">(.*?)</tr>", table)
    assert len(rows) == 3
    carotid_draft = next(r for r in rows if case.title in r)
    assert "In progress: continue" in carotid_draft
    assert reverse("exercise-case", args=[immediate.pk, case.pk]) in carotid_draft
    assert "(1 attempt submitted)" in carotid_draft
    graded = next(r for r in rows if second.title in r)
    assert "55%" in graded and "Not passed" in graded
    thyroid = next(r for r in rows if "Thyroid nodules" in r)
    assert "90%" not in thyroid and "Feedback from" in thyroid  # no score before it is due


def test_my_learning_lists_webinar_registrations(client, login_as):
    learner = UserFactory()
    soon = webinar_factories.webinar(access="public", title="FHIR imaging study")
    gone = webinar_factories.webinar(
        access="public", title="PACS migration", start=timezone.now() - datetime.timedelta(days=30)
    )
    webinar_factories.webinar(access="public", title="Not registered")
    for webinar in (soon, gone):
        WebinarRegistration.objects.create(webinar=webinar, user=learner)
    login_as(learner)

    main = _main(client.get(reverse("my-learning"), **HOST))
    section = re.search(r'<section aria-labelledby="webinars-h">(.*?)</section>', main).group(1)
    registered, past = section.split('id="webinars-past-h"')
    assert "FHIR imaging study" in registered
    assert reverse("webinars-ics", args=[soon.pk]) in registered
    assert "PACS migration" in past
    assert "Not registered" not in section


def _learner_with(n: int):
    learner = UserFactory()
    exercise = make_exercise(cases=1)
    cases = [exercise.cases.get(), *add_cases(exercise, n - 1)]
    for i, case in enumerate(cases):
        submission(learner, exercise, case, status=SubmissionStatus.GRADED, score=0.5)
        submission(learner, exercise, case, status=SubmissionStatus.DRAFT, attempt=2)
        certificate(
            learner, title=f"Course {i}", ecmec="1.0", completed_on=datetime.date(2020 + i, 1, 1)
        )
        webinar = webinar_factories.webinar(access="public")
        WebinarRegistration.objects.create(webinar=webinar, user=learner)
    return learner


def test_my_learning_and_the_transcript_cost_the_same_queries_for_more_activity(
    client, login_as, django_assert_num_queries
):
    small = _learner_with(2)
    large = _learner_with(8)
    counts = {}
    for name in ("my-learning", "cme-transcript-pdf"):
        login_as(small)
        client.get(reverse(name), **HOST)  # warm the per-process caches (site root paths)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name), **HOST).status_code == 200
        counts[name] = len(queries)
    for name in ("my-learning", "cme-transcript-pdf"):
        login_as(large)
        client.get(reverse(name), **HOST)
        with django_assert_num_queries(counts[name]):
            response = client.get(reverse(name), **HOST)
        assert response.status_code == 200
    page = _main(client.get(reverse("my-learning"), **HOST))
    assert page.count("In progress: continue") == 8
    print(counts)
