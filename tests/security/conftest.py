"""One demo world for the whole security package.

``load_demo`` takes several seconds, so it runs once per package inside an outer
transaction that is rolled back when the package is done: nothing leaks into other test
packages. Each test still runs in its own savepoint (``django_db``), and the matrix wraps
every single request in a savepoint as well, so a POST that succeeds changes nothing the
next request sees.

The world: the demo content, one fresh user per role (instructor and staff with TOTP on,
as ``login_as`` does), and a second member, "B", who owns one of everything (submission,
draft, certificate, quiz attempt, practice exam, registration, question, progress). Each
role user owns the same kinds of objects, so "own" and "someone else's" can be compared.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from tests.support.demo import after_commit, load_demo, rolled_back

ROLES = ("anonymous", "resident", "member", "instructor", "staff")


@dataclass
class World:
    users: dict[str, Any]  # role -> User (None for anonymous)
    owner: Any  # user "B"
    ids: dict[str, dict[str, Any]]  # role -> placeholder -> value (for URL templates)
    objects: dict[str, Any] = field(default_factory=dict)

    def client(self, role: str, **kwargs) -> Client:
        from tests.support.signin import sign_in

        client = Client(**kwargs)
        user = self.users[role]
        if user is not None:
            sign_in(client, user)
        return client


def _quiz_block_id(lesson) -> str:
    for block in lesson.body:
        if block.block_type == "quiz":
            return block.id
    raise AssertionError(f"lesson {lesson.pk} has no quiz block")


def _own_objects(user, w: dict) -> dict[str, Any]:
    """Give ``user`` one object of every per-user kind; return their ids."""
    from courses import services as course_services
    from courses.exercises import services as ex_services
    from courses.models import Certificate, QuizAttempt
    from tests.exercises.factories import perfect_report

    course, lesson_quiz = w["course"], w["lesson_quiz"]
    course_services.enrol(user=user, course=course)
    course_services.record_lesson_read(user=user, lesson=w["lesson_read"])
    attempt = QuizAttempt.objects.create(
        user=user,
        lesson=lesson_quiz,
        block_id=w["quiz_block"],
        answers={},
        results={},
        score=0,
        pass_mark=70,
        passed=False,
    )
    exam = course_services.start_practice_exam(user=user, count=5)
    certificate = Certificate.objects.create(
        user=user,
        course=course,
        code=course_services.new_verification_code(),
        learner_name=user.name,
        course_title=course.title,
        credits=1,
        provider="Security test society",
        completed_on=timezone.localdate(),
    )
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(b"%PDF-1.4 test"), save=True)

    exercise, case = w["exercise"], w["case"]
    submission = ex_services.submit(
        user=user, exercise=exercise, case=case, values=perfect_report(exercise, case)
    )
    ex_services.grade_submission(submission_id=submission.pk)
    draft = ex_services.save_draft(user=user, exercise=exercise, case=w["case2"], values={})
    deferred_ex, deferred_case = w["deferred_exercise"], w["deferred_case"]
    # An empty report: every expected value on the result would be key-only information.
    deferred = ex_services.submit(user=user, exercise=deferred_ex, case=deferred_case, values={})
    ex_services.grade_submission(submission_id=deferred.pk)
    society = _own_society_objects(user)
    return {
        **society,
        "own_quiz_attempt": attempt.pk,
        "own_practice_exam": exam.pk,
        "own_certificate": certificate.code,
        "own_submission": submission.pk,
        "own_draft": draft.pk,
        "own_deferred_submission": deferred.pk,
    }


def _own_society_objects(user) -> dict[str, Any]:
    """An application waiting for payment, a card and a bank-transfer payment, an invoice."""
    from decimal import Decimal

    from members.society.models import Application, Invoice, Payment
    from members.society.services.applications import new_bank_reference

    application = Application.objects.create(
        user=user,
        category="associate",
        period="calendar_year",
        status="awaiting_payment",
        first_name="Test",
        last_name=user.email,
        institution="Security test hospital",
        country="Belgium",
        profession="radiologist",
        list_price=Decimal("60.00"),
        amount_due=Decimal("60.00"),
        quoted_at=timezone.now(),
        bank_reference=new_bank_reference(),
    )
    card, sepa = (
        Payment.objects.create(
            application=application, variant=variant, total=Decimal("60.00"), currency="EUR"
        )
        for variant in ("card", "sepa")
    )
    invoice = Invoice.objects.create(
        number=f"TEST-{user.pk}",
        issued_on=timezone.localdate(),
        user=user,
        membership_number="M-TEST",
        buyer_name="Test",
        description="Membership fee",
        net_amount=Decimal("60.00"),
        vat_rate=Decimal("0"),
        vat_amount=Decimal("0"),
        gross_amount=Decimal("60.00"),
        currency="EUR",
        payment_method="Card",
        paid_on=timezone.localdate(),
        seller_name="Security test society",
    )
    return {
        "own_application": application.pk,
        "own_card_payment": card.token,
        "own_sepa_payment": sepa.token,
        "own_sepa_payment_id": sepa.pk,
        "own_invoice": invoice.pk,
    }


def build_world() -> World:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents.models import Document
    from wagtail.models import Page

    from content.models import HomePage, StandardPage
    from content.webinars.models import (
        Question,
        RecordingCaption,
        RecordingPage,
        ViewingProgress,
        WebinarPage,
        WebinarRegistration,
    )
    from courses.exercises.models import CaseUpload, ExercisePage, FeedbackTiming, RegradeJob
    from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
    from tests.conftest import enable_totp
    from tests.factories import instructor, member, resident, staff

    ContentType.objects.clear_cache()
    load_demo()

    w: dict[str, Any] = {}
    w["home"] = HomePage.objects.get()
    w["standard"] = StandardPage.objects.live().order_by("path").first()
    w["course_index"] = CourseIndexPage.objects.get()
    w["course"] = CoursePage.objects.get(slug="structured-reporting-dicom-sr")
    w["other_course"] = CoursePage.objects.get(slug="gdpr-ai-act-imaging")
    w["module"] = ModulePage.objects.descendant_of(w["course"]).order_by("path").first()
    w["lesson_read"] = LessonPage.objects.get(slug="why-structured-reporting")
    w["lesson_quiz"] = LessonPage.objects.get(slug="mrrt-radlex-radelement")
    w["other_lesson"] = LessonPage.objects.descendant_of(w["other_course"]).first()
    w["quiz_block"] = _quiz_block_id(w["lesson_quiz"])
    w["exercise"] = ExercisePage.objects.get(slug="demo-carotid-stenosis-exercise")
    cases = list(w["exercise"].cases.order_by("pk"))
    w["case"], w["case2"] = cases[0], cases[1]
    w["other_case"] = (
        type(w["case"]).objects.exclude(pk__in=[c.pk for c in cases]).order_by("pk").first()
    )
    deferred = ExercisePage.objects.get(slug="demo-thyroid-tirads-exercise")
    ExercisePage.objects.filter(pk=deferred.pk).update(
        feedback_timing=FeedbackTiming.AFTER_DEADLINE,
        feedback_deadline=timezone.now() + datetime.timedelta(days=7),
    )
    w["deferred_exercise"] = ExercisePage.objects.get(pk=deferred.pk)
    w["deferred_case"] = w["deferred_exercise"].cases.order_by("pk").first()

    recordings = {r.access: r for r in RecordingPage.objects.live()}
    w["rec_public"] = recordings["public"]
    w["rec_signed_in"] = recordings["signed_in"]
    w["rec_members"] = recordings["members"]
    webinars = {wp.access: wp for wp in WebinarPage.objects.live()}
    w["webinar_public"] = webinars["public"]
    w["webinar_members"] = webinars["members"]

    # Slides on the members-only recording: published through the page, so the private copy
    # is made and the public original removed after the commit, as an editor's publish does.
    document = Document(title="Members-only slides")
    document.file.save("members-slides.pdf", ContentFile(b"%PDF-1.4 slides"), save=False)
    document.save()
    members_rec = RecordingPage.objects.get(pk=w["rec_members"].pk)
    members_rec.slides = document
    with after_commit():
        members_rec.save_revision().publish()
    w["rec_members"] = RecordingPage.objects.get(pk=members_rec.pk)
    w["slides_document"] = Document.objects.get(pk=document.pk)

    # An unpublished page and an unpublished recording: 404 for everyone.
    draft_page = StandardPage(title="Unpublished draft", slug="security-draft", live=False)
    w["home"].add_child(instance=draft_page)
    w["draft_page"] = draft_page

    def caption_of(recording):
        return RecordingCaption.objects.filter(page=recording).order_by("pk").first()

    users = {
        "anonymous": None,
        "resident": resident(),
        "member": member(),
        "instructor": instructor(),
        "staff": staff(),
    }
    for role in ("instructor", "staff"):
        enable_totp(users[role])
    # Teaching staff per course: the matrix's instructor teaches the demo course (which
    # holds the exercises); a second instructor teaches only the other course.
    other_instructor = instructor()
    enable_totp(other_instructor)
    teaching = CoursePage.teaching_staff.through.objects
    teaching.create(coursepage=w["course"], user=users["instructor"])
    teaching.create(coursepage=w["other_course"], user=other_instructor)
    w["other_instructor"] = other_instructor
    owner = member()

    owned: dict[Any, dict[str, Any]] = {}
    for user in [owner, *[u for u in users.values() if u is not None]]:
        owned[user.pk] = _own_objects(user, w)

    registration = WebinarRegistration.objects.create(user=owner, webinar=w["webinar_public"])
    question = Question.objects.create(
        page=w["rec_public"], author=owner, text="What about DICOMweb STOW?"
    )
    ViewingProgress.objects.create(
        user=owner, recording=w["rec_public"], position_seconds=3, duration_seconds=8
    )
    job = RegradeJob.objects.create(exercise=w["exercise"])
    case_upload = CaseUpload.objects.create(
        token="0" * 32, title="Uploaded", status="ready", case=w["case"]
    )

    common = {
        "home": w["home"].url,
        "standard": w["standard"].url,
        "course_index": w["course_index"].url,
        "course_url": w["course"].url,
        "module_url": w["module"].url,
        "lesson_url": w["lesson_read"].url,
        "quiz_lesson_url": w["lesson_quiz"].url,
        "exercise_page_url": w["exercise"].url,
        "webinar_index": Page.objects.get(slug="webinars").url,
        "webinar_url": w["webinar_public"].url,
        "members_webinar_url": w["webinar_members"].url,
        "rec_public_url": w["rec_public"].url,
        "rec_members_url": w["rec_members"].url,
        "rec_signed_in_url": w["rec_signed_in"].url,
        "draft_url": "/security-draft/",
        "course_id": w["course"].pk,
        "other_course_id": w["other_course"].pk,
        "lesson_id": w["lesson_read"].pk,
        "quiz_lesson_id": w["lesson_quiz"].pk,
        "other_lesson_id": w["other_lesson"].pk,
        "quiz_block": w["quiz_block"],
        "exercise_id": w["exercise"].pk,
        "deferred_exercise_id": w["deferred_exercise"].pk,
        "case_id": w["case"].pk,
        "other_case_id": w["other_case"].pk,
        "rec_public": w["rec_public"].pk,
        "rec_signed_in": w["rec_signed_in"].pk,
        "rec_members": w["rec_members"].pk,
        "cap_public": caption_of(w["rec_public"]).pk,
        "cap_signed_in": caption_of(w["rec_signed_in"]).pk,
        "cap_members": caption_of(w["rec_members"]).pk,
        "webinar": w["webinar_public"].pk,
        "members_webinar": w["webinar_members"].pk,
        "question": question.pk,
        "job": job.pk,
        "case_upload": case_upload.token,
        "template_id": w["exercise"].report_template_id,
        "doc_id": w["slides_document"].pk,
        "doc_name": w["slides_document"].filename,
        "owner_id": owner.pk,
        "b_quiz_attempt": owned[owner.pk]["own_quiz_attempt"],
        "b_practice_exam": owned[owner.pk]["own_practice_exam"],
        "b_certificate": owned[owner.pk]["own_certificate"],
        "b_submission": owned[owner.pk]["own_submission"],
        "b_draft": owned[owner.pk]["own_draft"],
        "b_deferred_submission": owned[owner.pk]["own_deferred_submission"],
        "b_application": owned[owner.pk]["own_application"],
        "b_card_payment": owned[owner.pk]["own_card_payment"],
        "b_sepa_payment": owned[owner.pk]["own_sepa_payment"],
        "b_invoice": owned[owner.pk]["own_invoice"],
    }
    ids = {}
    for role, user in users.items():
        own = owned[(user or owner).pk]
        ids[role] = {**common, **own}
    w["registration"] = registration
    w["question"] = question
    return World(users=users, owner=owner, ids=ids, objects=w)


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        yield build_world()


@pytest.fixture
def in_savepoint():
    """Run a callable in a savepoint that is always rolled back."""

    def run(fn, *args, **kwargs):
        with transaction.atomic():
            try:
                return fn(*args, **kwargs)
            finally:
                transaction.set_rollback(True)

    return run
