"""Pages and endpoints: who may see what, no answer leaks, bad input, flat query counts."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import Certificate, Enrolment, LessonProgress, QuizAttempt
from tests.courses.factories import (
    all_domains,
    build_course,
    lessons_of,
    make_question,
    teaching,
)
from tests.factories import UserFactory, instructor, member, resident, staff

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}


def _quiz_block_id(lesson) -> str:
    return next(b.id for b in lesson.body if b.block_type == "quiz")


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
    from courses.demo_curriculum import DOMAINS

    assert sum(weight for _letter, _name, weight, *_rest in DOMAINS) == 100


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


# --- Quizzes ----------------------------------------------------------------------------


def test_lesson_page_never_reveals_correct_answers_before_submission(client, login_as):
    user = resident()
    q = make_question(stem="Which service searches?")
    course = build_course(quiz_questions=[q])
    services.enrol(user=user, course=course)
    login_as(user)
    page = client.get(lessons_of(course)[0].url, **HOST).content.decode()
    assert "Which service searches?" in page
    assert q.explanation not in page
    for word in ("is_correct", "correct answer", "data-correct", "Correct."):
        assert word not in page
    # Every choice is rendered the same way, right or wrong.
    right = next(c for c in q.choices.all() if c.is_correct)
    wrong = next(c for c in q.choices.all() if not c.is_correct)
    assert f'name="q{q.id}" id="q{q.id}-c{right.id}" value="{right.id}">' in page
    assert f'name="q{q.id}" id="q{q.id}-c{wrong.id}" value="{wrong.id}">' in page


def test_quiz_submission_shows_feedback_with_explanations(client, login_as):
    user = resident()
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    right = next(c.id for c in q.choices.all() if c.is_correct)
    response = client.post(
        reverse("lesson-quiz", args=[lesson.id, _quiz_block_id(lesson)]),
        {f"q{q.id}": [right]},
        **HOST,
    )
    assert response.status_code == 302
    feedback = client.get(response["Location"], **HOST).content.decode()
    assert "You scored 100%" in feedback and q.explanation in feedback
    assert LessonProgress.objects.get(user=user, lesson=lesson).completed_at is not None


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [({}, 400, "Answer at least one question"), ({"q1": "x"}, 400, "Answer at least one")],
)
def test_quiz_bad_input_is_a_clear_4xx(client, login_as, data, status, message):
    user = resident()
    course = build_course(quiz_questions=[make_question()])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    response = client.post(
        reverse("lesson-quiz", args=[lesson.id, _quiz_block_id(lesson)]), data, **HOST
    )
    assert response.status_code == status and message in response.content.decode()
    unknown = client.post(reverse("lesson-quiz", args=[lesson.id, "no-such-block"]), **HOST)
    assert unknown.status_code == 400
    assert "not on this lesson" in unknown.content.decode()


def test_a_lesson_that_completes_by_quiz_offers_no_mark_as_read(client, login_as):
    user = resident()
    course = build_course(quiz_questions=[make_question()])
    services.enrol(user=user, course=course)
    quiz_lesson, read_lesson = lessons_of(course)[:2]
    login_as(user)
    quiz_page = client.get(quiz_lesson.url, **HOST).content.decode()
    assert "Mark as read" not in quiz_page
    assert "Pass the quiz above to complete this lesson." in quiz_page
    assert "Mark as read" in client.get(read_lesson.url, **HOST).content.decode()


def test_an_empty_quiz_submit_returns_to_the_lesson_with_the_message(client, login_as):
    user = resident()
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    response = client.post(
        reverse("lesson-quiz", args=[lesson.id, _quiz_block_id(lesson)]), {}, **HOST
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Answer at least one question before submitting." in page
    # The lesson itself, with its quiz form to answer, not a dead end.
    assert lesson.title in page and q.stem in page
    assert reverse("lesson-quiz", args=[lesson.id, _quiz_block_id(lesson)]) in page
    assert not QuizAttempt.objects.filter(user=user).exists()


def test_a_failed_quiz_offers_try_again_back_to_the_quiz(client, login_as):
    user = resident()
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    block_id = _quiz_block_id(lesson)
    wrong = next(c.id for c in q.choices.all() if not c.is_correct)
    failed = client.post(
        reverse("lesson-quiz", args=[lesson.id, block_id]), {f"q{q.id}": [wrong]}, **HOST
    )
    feedback = client.get(failed["Location"], **HOST).content.decode()
    assert "Try again" in feedback
    assert f'href="{lesson.url}#quiz-{block_id}-h"' in feedback
    right = next(c.id for c in q.choices.all() if c.is_correct)
    passed = client.post(
        reverse("lesson-quiz", args=[lesson.id, block_id]), {f"q{q.id}": [right]}, **HOST
    )
    assert "Try again" not in client.get(passed["Location"], **HOST).content.decode()


def test_no_one_sees_another_learners_quiz_attempt(client, login_as):
    owner = resident()
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=owner, course=course)
    lesson = lessons_of(course)[0]
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist(f"q{q.id}", [str(next(iter(q.correct_choice_ids())))])
    attempt = services.submit_quiz(
        user=owner, lesson=lesson, block_id=_quiz_block_id(lesson), data=data
    )
    login_as(resident())
    assert client.get(reverse("quiz-attempt", args=[attempt.id]), **HOST).status_code == 404


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
        block_id=_quiz_block_id(lesson),
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
    """The drawn strings of the certificate PDF (ReportLab: ASCII85 + Flate streams)."""
    import base64
    import re
    import zlib

    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    text = b""
    for body in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = body.strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2])
        try:
            text += zlib.decompress(raw)
        except zlib.error:
            continue
    return text


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


# --- Practice exam ----------------------------------------------------------------------


def test_practice_exam_flow_with_accessible_domain_chart(client, login_as):
    domains = all_domains()
    for letter in "FJ":
        for _ in range(3):
            make_question(domains[letter])
    user = resident()
    login_as(user)
    assert client.post(reverse("practice-exam"), {"count": "2"}, **HOST).status_code == 400
    response = client.post(reverse("practice-exam"), {"count": "5"}, **HOST)
    assert response.status_code == 302
    exam_page = client.get(response["Location"], **HOST).content.decode()
    assert "<fieldset" in exam_page and "<legend>" in exam_page
    result = client.post(response["Location"], {}, **HOST)
    assert result.status_code == 302
    page = client.get(response["Location"], **HOST).content.decode()
    assert '<th scope="row">F. Domain F</th>' in page and "bar--w0" in page
    assert 'style="' not in page
    login_as(resident())
    assert client.get(response["Location"], **HOST).status_code == 404


def test_quiz_attempt_records_exist_for_each_submission(client, login_as):
    user = resident()
    q = make_question()
    course = build_course(quiz_questions=[q])
    services.enrol(user=user, course=course)
    lesson = lessons_of(course)[0]
    login_as(user)
    url = reverse("lesson-quiz", args=[lesson.id, _quiz_block_id(lesson)])
    wrong = next(c.id for c in q.choices.all() if not c.is_correct)
    client.post(url, {f"q{q.id}": [wrong]}, **HOST)
    client.post(url, {f"q{q.id}": [wrong]}, **HOST)
    assert QuizAttempt.objects.filter(user=user).count() == 2
    assert LessonProgress.objects.get(user=user, lesson=lesson).completed_at is None


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
