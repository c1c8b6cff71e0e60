"""The permission matrix: every URL of the site, as every role, with the expected answer.

Columns: anonymous, resident, member (active membership), instructor, staff. Answers:
``200``; ``login`` = 302 to a sign-in page; ``302`` = redirect elsewhere; ``400``;
``403``; ``404``; ``405`` (GET on a POST-only endpoint). ``{own_*}`` placeholders are the
signed-in user's own objects (for anonymous: user B's); ``{b_*}`` are user B's objects,
visited by everyone else. Every request runs in a rolled-back savepoint, so POST rows
(valid or not) change nothing for the rows after them.

``test_every_url_is_in_the_matrix`` fails, naming the route, when a URL pattern is added
without a row here (or an explicit, reasoned skip in ``matrix.py``).
"""

from __future__ import annotations

import base64
import contextlib
import re
import zlib

import pytest
from django.conf import settings

from tests.security.conftest import ROLES
from tests.security.matrix import (
    BAD,
    LOGIN,
    NA,
    NF,
    OK,
    REDIR,
    CsrfClient,
    F,
    Row,
    checked_routes,
    classify,
    keep_session,
    route_of,
    send,
)

pytestmark = pytest.mark.django_db

ALL_OK = (OK, OK, OK, OK, OK)
SIGNED_IN = (LOGIN, OK, OK, OK, OK)
MANAGERS = (LOGIN, F, F, OK, OK)  # instructors and staff (exercise and course authoring)
POST_ONLY_SIGNED_IN = (LOGIN, NA, NA, NA, NA)  # @login_required @require_POST
POST_ONLY = (NA, NA, NA, NA, NA)  # @require_POST only
MEMBERS_FILES = (F, F, OK, OK, OK)  # members-only recording media
SIGNED_IN_FILES = (F, OK, OK, OK, OK)
OTHERS_OBJECT = (LOGIN, NF, NF, NF, NF)
OTHERS_SUBMISSION = (LOGIN, NF, NF, OK, OK)  # instructors and staff read every submission
ADMIN = (LOGIN, LOGIN, LOGIN, OK, OK)
EVERYONE_404 = (NF, NF, NF, NF, NF)
OFFICE = (LOGIN, LOGIN, LOGIN, REDIR, OK)  # society office pages in the admin (staff only)
OFFICE_BAD = (LOGIN, LOGIN, LOGIN, REDIR, BAD)
OFFICE_NF = (LOGIN, LOGIN, LOGIN, REDIR, NF)

E = "/exercises"
W = "/webinars"
TEXT = {"text": "Is STOW-RS covered?"}

# fmt: off
MATRIX: list[Row] = [
    # --- site ---------------------------------------------------------------------------
    Row("GET",  "/healthz",                                   ALL_OK),
    Row("GET",  "/_baseline",                                 ALL_OK),
    Row("GET",  "/search/?q=dicom",                           ALL_OK),
    # --- Wagtail pages of each type (wagtail_serve) -------------------------------------
    Row("GET",  "{home}",                                     ALL_OK, note="HomePage"),
    Row("GET",  "{standard}",                                 ALL_OK, note="StandardPage"),
    Row("GET",  "{course_url}",                               ALL_OK, note="CoursePage"),
    Row("GET",  "{module_url}",                               (REDIR,) * 5, note="ModulePage"),
    Row("GET",  "{lesson_url}",                               ALL_OK, note="LessonPage"),
    Row("GET",  "{quiz_lesson_url}",                          ALL_OK, note="LessonPage+quiz"),
    Row("GET",  "{exercise_page_url}",                        (REDIR,) * 5, note="ExercisePage"),
    Row("GET",  "{webinar_url}",                              ALL_OK, note="WebinarPage"),
    Row("GET",  "{members_webinar_url}",                      ALL_OK, note="members webinar"),
    Row("GET",  "{rec_public_url}",                           ALL_OK, note="RecordingPage"),
    Row("GET",  "{rec_signed_in_url}",                        ALL_OK, note="teaser if anon"),
    Row("GET",  "{rec_members_url}",                          ALL_OK, note="teaser if not member"),
    Row("GET",  "{draft_url}",                                EVERYONE_404, note="unpublished"),
    Row("GET",  "/no-such-page/",                             EVERYONE_404),
    Row("GET",  "/_util/login/",                              (LOGIN,) * 5,
        note="Wagtail's password-only form: leads to allauth's sign-in"),
    Row("GET",  "/_util/authenticate_with_password/99999/3/", EVERYONE_404),
    # --- documents: the slides of the members-only recording ----------------------------
    Row("GET",  "/documents/{doc_id}/{doc_name}",             (F, F, REDIR, REDIR, REDIR),
        note="public original removed once published; hook refuses non-members and "
        "sends the others to the private copy"),
    Row("GET",  "/documents/authenticate_with_password/99999/", EVERYONE_404),
    # --- members ------------------------------------------------------------------------
    Row("GET",  "/accounts/profile/",                         SIGNED_IN),
    Row("POST", "/accounts/profile/",                         (LOGIN, BAD, BAD, BAD, BAD),
        data={"display_name": "x" * 500}),
    Row("GET",  "/accounts/profile/privacy/",                 SIGNED_IN),
    Row("GET",  "/accounts/profile/privacy/download/",        POST_ONLY_SIGNED_IN),
    Row("POST", "/accounts/profile/privacy/download/",        SIGNED_IN, data={}),
    Row("GET",  "/accounts/profile/privacy/delete/",          POST_ONLY_SIGNED_IN),
    Row("POST", "/accounts/profile/privacy/delete/",          (LOGIN, BAD, BAD, BAD, BAD),
        data={}),
    # --- society membership: join, pay, invoices, certificate -------------------------------
    Row("GET",  "/membership/join/",                          ALL_OK),
    Row("POST", "/membership/join/",                          (LOGIN, BAD, BAD, BAD, BAD),
        data={"category": "honorary"}, note="not an open category"),
    Row("GET",  "/membership/applications/{own_application}/", SIGNED_IN),
    Row("GET",  "/membership/applications/{b_application}/",  OTHERS_OBJECT),
    Row("GET",  "/membership/applications/{own_application}/pay/", POST_ONLY_SIGNED_IN),
    Row("POST", "/membership/applications/{own_application}/pay/", (LOGIN, BAD, BAD, BAD, BAD),
        data={"method": "card", "amount_shown": "1.00"}, note="not the amount shown"),
    Row("POST", "/membership/applications/{b_application}/pay/", OTHERS_OBJECT,
        data={"method": "card", "amount_shown": "60.00"}),
    Row("GET",  "/membership/pay/{own_card_payment}/",        SIGNED_IN,
        note="development provider's form"),
    Row("POST", "/membership/pay/{own_card_payment}/",        (LOGIN, BAD, BAD, BAD, BAD),
        data={"status": "nonsense"}),
    Row("GET",  "/membership/pay/{b_card_payment}/",          OTHERS_OBJECT),
    Row("GET",  "/membership/pay/{own_sepa_payment}/",        (LOGIN,) + (REDIR,) * 4,
        note="to the bank details"),
    Row("GET",  "/membership/pay/{own_sepa_payment}/bank-transfer/", SIGNED_IN),
    Row("GET",  "/membership/pay/{own_card_payment}/bank-transfer/", OTHERS_OBJECT,
        note="not a bank transfer"),
    Row("GET",  "/membership/pay/{b_sepa_payment}/bank-transfer/", OTHERS_OBJECT),
    Row("GET",  "/membership/pay/{own_card_payment}/done/",   SIGNED_IN),
    Row("GET",  "/membership/pay/{b_card_payment}/done/",     OTHERS_OBJECT),
    Row("GET",  "/membership/pay/{own_card_payment}/failed/", SIGNED_IN),
    Row("GET",  "/membership/pay/{b_card_payment}/failed/",   OTHERS_OBJECT),
    Row("GET",  "/membership/renew/",                         POST_ONLY_SIGNED_IN),
    Row("POST", "/membership/renew/",                         (LOGIN,) + (REDIR,) * 4, data={},
        note="not due: back to the profile with a message"),
    Row("GET",  "/membership/invoices/{own_invoice}/invoice.pdf", SIGNED_IN),
    Row("GET",  "/membership/invoices/{b_invoice}/invoice.pdf", OTHERS_OBJECT),
    Row("GET",  "/membership/certificate.pdf",                (LOGIN, NF, OK, NF, NF),
        note="active members only"),
    # django-payments' provider callbacks: no session, no CSRF (the provider signs them).
    Row("GET",  "/payments/process/{own_card_payment}/",      (REDIR,) * 5,
        note="development provider: back to the failure page"),
    Row("POST", "/payments/process/{own_sepa_payment}/",      EVERYONE_404, data={},
        note="bank transfers have no callback"),
    Row("POST", "/payments/process/card/",                    (BAD,) * 5, data={},
        note="no token in the body"),
    Row("GET",  "/payments/process/nonesuch/",                (BAD,) * 5),
    # --- allauth (representative; the rest are listed in matrix.ALLAUTH_SKIPPED) --------
    Row("GET",  "/accounts/login/",                           (OK, REDIR, REDIR, REDIR, REDIR)),
    Row("GET",  "/accounts/signup/",                          (OK, REDIR, REDIR, REDIR, REDIR)),
    Row("GET",  "/accounts/logout/",                          (REDIR, OK, OK, OK, OK)),
    Row("GET",  "/accounts/email/",                           SIGNED_IN),
    Row("GET",  "/accounts/password/change/",                 SIGNED_IN),
    Row("GET",  "/accounts/password/reset/",                  ALL_OK),
    Row("GET",  "/accounts/2fa/",                             SIGNED_IN),
    Row("GET",  "/accounts/2fa/totp/activate/",               (LOGIN,) + (REDIR,) * 4,
        note="allauth asks to re-authenticate first; already active for instructors/staff"),
    # --- courses ------------------------------------------------------------------------
    Row("GET",  "/curriculum/",                               ALL_OK),
    Row("GET",  "/courses/",                                  ALL_OK, note="CourseIndexPage"),
    Row("GET",  "/my-learning/",                              SIGNED_IN),
    Row("GET",  "/my-learning/cme-transcript.pdf",            SIGNED_IN, note="one's own"),
    Row("GET",  "/learn/courses/{course_id}/enrol/",          POST_ONLY_SIGNED_IN),
    Row("POST", "/learn/courses/{course_id}/enrol/",          (LOGIN,) + (REDIR,) * 4, data={}),
    Row("GET",  "/learn/courses/{course_id}/cohort/",         MANAGERS),
    Row("POST", "/learn/courses/{course_id}/cohort/",         (LOGIN, F, F, BAD, BAD),
        data={"emails": ""}),
    Row("GET",  "/learn/courses/{course_id}/evaluation/",     SIGNED_IN, note="all enrolled"),
    Row("GET",  "/learn/courses/{other_course_id}/evaluation/", (LOGIN, F, F, F, F),
        note="not enrolled"),
    Row("POST", "/learn/courses/{other_course_id}/evaluation/", (LOGIN, F, F, F, F),
        data={"rating": "5", "hours_spent": "1"}),
    Row("GET",  "/learn/courses/{course_id}/certificate-name/", (LOGIN, "409", "409", "409", "409"),
        note="no certificate waiting: the course is not complete"),
    Row("POST", "/learn/courses/{other_course_id}/certificate-name/",
        (LOGIN, "409", "409", "409", "409"), data={"name": "Someone Else"}, note="not enrolled"),
    Row("GET",  "/learn/courses/{course_id}/instructor/",     MANAGERS),
    Row("GET",  "/learn/courses/{course_id}/instructor/?format=csv", MANAGERS),
    Row("GET",  "/learn/lessons/{lesson_id}/read/",           POST_ONLY_SIGNED_IN),
    Row("POST", "/learn/lessons/{lesson_id}/read/",           (LOGIN,) + (REDIR,) * 4, data={}),
    Row("POST", "/learn/lessons/{other_lesson_id}/read/",     (LOGIN, F, F, F, F), data={},
        note="not enrolled"),
    Row("GET",  "/learn/lessons/{lesson_id}/video-progress/", POST_ONLY),
    Row("POST", "/learn/lessons/{other_lesson_id}/video-progress/", (F, F, F, F, F),
        data={"media_id": 1, "fraction": 0.5}, json_body=True, note="not enrolled"),
    Row("POST", "/learn/lessons/{lesson_id}/video-progress/", (F, BAD, BAD, BAD, BAD),
        data={"media_id": 1, "fraction": 0.5}, json_body=True, note="no such video"),
    Row("POST", "/learn/lessons/{lesson_id}/video-progress/", (F, BAD, BAD, BAD, BAD),
        data={"media_id": "1", "fraction": "0.5"}, csrf=True,
        note="form body after the CSRF check read it (was a 500)"),
    Row("GET",  "/learn/lessons/{quiz_lesson_id}/quiz/{quiz_block}/", POST_ONLY_SIGNED_IN),
    Row("POST", "/learn/lessons/{quiz_lesson_id}/quiz/{quiz_block}/", (LOGIN, BAD, BAD, BAD, BAD),
        data={}, note="no answers"),
    Row("POST", "/learn/lessons/{other_lesson_id}/quiz/{quiz_block}/", (LOGIN, F, F, F, F),
        data={}, note="not enrolled"),
    Row("GET",  "/learn/quiz-attempts/{own_quiz_attempt}/",   SIGNED_IN),
    Row("GET",  "/learn/quiz-attempts/{b_quiz_attempt}/",     OTHERS_OBJECT),
    Row("GET",  "/learn/practice-exam/",                      SIGNED_IN),
    Row("POST", "/learn/practice-exam/",                      (LOGIN, BAD, BAD, BAD, BAD),
        data={"count": "0"}),
    Row("GET",  "/learn/practice-exam/{own_practice_exam}/",  SIGNED_IN),
    Row("GET",  "/learn/practice-exam/{b_practice_exam}/",    OTHERS_OBJECT),
    Row("POST", "/learn/practice-exam/{b_practice_exam}/",    OTHERS_OBJECT, data={}),
    Row("GET",  "/learn/questions/import/",                   MANAGERS),
    Row("POST", "/learn/questions/import/",                   (LOGIN, F, F, BAD, BAD),
        data={"x": "1"}),
    Row("GET",  "/certificates/verify/",                      ALL_OK),
    Row("GET",  "/certificates/verify/{b_certificate}/",      ALL_OK, note="public verification"),
    Row("GET",  "/certificates/verify/NoSuchCode123/",        EVERYONE_404),
    Row("GET",  "/certificates/{own_certificate}/download/",  SIGNED_IN),
    Row("GET",  "/certificates/{b_certificate}/download/",    (LOGIN, F, F, F, OK),
        note="owner and staff only"),
    Row("GET",  "/certificates/NoSuchCode123/download/",      OTHERS_OBJECT),
    # --- exercises: trainee -------------------------------------------------------------
    Row("GET",  E + "/",                                      ALL_OK),
    Row("GET",  E + "/{exercise_id}/",                        SIGNED_IN),
    Row("GET",  E + "/99999/",                                OTHERS_OBJECT),
    Row("GET",  E + "/{exercise_id}/cases/{case_id}/",        SIGNED_IN),
    Row("GET",  E + "/{exercise_id}/cases/{other_case_id}/",  OTHERS_OBJECT,
        note="case not in the exercise"),
    Row("POST", E + "/{exercise_id}/cases/{case_id}/",        (LOGIN,) + (REDIR,) * 4,
        data={"action": "save"}),
    Row("GET",  E + "/{exercise_id}/cases/{case_id}/transfer.json", SIGNED_IN),
    Row("POST", E + "/{exercise_id}/cases/{case_id}/transfer.json", POST_ONLY_SIGNED_IN,
        data={}),
    Row("GET",  E + "/submissions/{own_submission}/",         SIGNED_IN),
    Row("GET",  E + "/submissions/{b_submission}/",           OTHERS_SUBMISSION),
    Row("GET",  E + "/submissions/{b_draft}/",                OTHERS_SUBMISSION),
    Row("GET",  E + "/submissions/{own_submission}/status/",  SIGNED_IN),
    Row("GET",  E + "/submissions/{b_submission}/status/",    OTHERS_SUBMISSION),
    Row("GET",  E + "/submissions/{own_submission}/report.dcm", SIGNED_IN),
    Row("GET",  E + "/submissions/{b_submission}/report.dcm", OTHERS_SUBMISSION),
    Row("GET",  E + "/submissions/{own_draft}/report.dcm",    OTHERS_OBJECT, note="draft"),
    Row("GET",  E + "/submissions/{own_submission}/report.fhir.json", SIGNED_IN),
    Row("GET",  E + "/submissions/{b_submission}/report.fhir.json", OTHERS_SUBMISSION),
    Row("GET",  E + "/submissions/{own_submission}/report.pdf", SIGNED_IN),
    Row("GET",  E + "/submissions/{b_submission}/report.pdf", OTHERS_SUBMISSION),
    # --- exercises: instructors and staff -----------------------------------------------
    Row("GET",  E + "/manage/",                               MANAGERS),
    Row("GET",  E + "/manage/templates/import/",              MANAGERS),
    Row("POST", E + "/manage/templates/import/",              (LOGIN, F, F, BAD, BAD),
        data={"title": "x"}),
    Row("GET",  E + "/manage/templates/{template_id}/",       MANAGERS, note="import warnings"),
    Row("GET",  E + "/manage/cases/upload/",                  MANAGERS),
    Row("POST", E + "/manage/cases/upload/",                  (LOGIN, F, F, BAD, BAD),
        data={"title": "x"}),
    Row("GET",  E + "/manage/cases/uploads/{case_upload}/",   MANAGERS, note="PHI report"),
    Row("GET",  E + "/manage/cases/generate/",                MANAGERS),
    Row("POST", E + "/manage/cases/generate/",                (LOGIN, F, F, BAD, BAD),
        data={"count": "0"}),
    Row("GET",  E + "/manage/cases/{case_id}/download/",      MANAGERS, note="private DICOM"),
    Row("GET",  E + "/manage/{exercise_id}/preview/{case_id}/", MANAGERS),
    Row("POST", E + "/manage/{exercise_id}/preview/{case_id}/", MANAGERS, data={"action": "save"}),
    Row("GET",  E + "/manage/{exercise_id}/keys/",            MANAGERS),
    Row("GET",  E + "/manage/{exercise_id}/keys/{case_id}/",  MANAGERS),
    Row("POST", E + "/manage/{exercise_id}/keys/{case_id}/",  (LOGIN, F, F, BAD, BAD),
        data={"right_ica_psv": "fast", "right_stenosis_grade": "9Z"}),
    Row("GET",  E + "/manage/exercises/new/",                 MANAGERS, note="guided flow"),
    Row("POST", E + "/manage/exercises/new/",                 (LOGIN, F, F, BAD, BAD),
        data={"title": "x", "mapping_id": "lung"}),
    Row("GET",  E + "/manage/exercises/{exercise_id}/cases/", MANAGERS),
    Row("POST", E + "/manage/exercises/{exercise_id}/cases/", (LOGIN, F, F, BAD, BAD),
        data={"action": "choose"}),
    Row("GET",  E + "/manage/exercises/{exercise_id}/rubric/", MANAGERS),
    Row("POST", E + "/manage/exercises/{exercise_id}/rubric/", (LOGIN, F, F, BAD, BAD),
        data={"weight__right_ica_psv": "-1"}),
    Row("GET",  E + "/manage/exercises/{exercise_id}/keys/",  MANAGERS),
    Row("GET",  E + "/manage/exercises/{exercise_id}/preview/", MANAGERS),
    Row("POST", E + "/manage/exercises/{exercise_id}/preview/", (LOGIN, F, F, REDIR, REDIR),
        data={}, note="publish"),
    Row("GET",  E + "/manage/{exercise_id}/gradebook/",       MANAGERS),
    Row("GET",  E + "/manage/{exercise_id}/gradebook.csv",    MANAGERS),
    Row("GET",  E + "/manage/{exercise_id}/trainees/{owner_id}/", MANAGERS),
    Row("GET",  E + "/manage/{exercise_id}/regrade/",         (LOGIN, F, F, NA, NA)),
    Row("POST", E + "/manage/{exercise_id}/regrade/",         (LOGIN, F, F, REDIR, REDIR),
        data={}),
    Row("GET",  E + "/manage/regrades/{job}/",                MANAGERS),
    # --- webinars: index and protected media --------------------------------------------
    Row("GET",  W + "/",                                      ALL_OK, note="WebinarIndexPage"),
    Row("GET",  W + "/media/{rec_public}/video",              ALL_OK),
    Row("GET",  W + "/media/{rec_signed_in}/video",           SIGNED_IN_FILES),
    Row("GET",  W + "/media/{rec_members}/video",             MEMBERS_FILES),
    Row("GET",  W + "/media/99999/video",                     EVERYONE_404),
    Row("GET",  W + "/media/{rec_public}/slides",             EVERYONE_404, note="no slides"),
    Row("GET",  W + "/media/{rec_members}/slides",            MEMBERS_FILES),
    Row("GET",  W + "/media/{rec_public}/captions/{cap_public}.vtt", ALL_OK),
    Row("GET",  W + "/media/{rec_signed_in}/captions/{cap_signed_in}.vtt", SIGNED_IN_FILES),
    Row("GET",  W + "/media/{rec_members}/captions/{cap_members}.vtt", MEMBERS_FILES),
    Row("GET",  W + "/media/{rec_public}/captions/{cap_members}.vtt", EVERYONE_404,
        note="members' caption through the public recording"),
    Row("GET",  W + "/-/{rec_public}/progress",               POST_ONLY),
    Row("POST", W + "/-/{rec_public}/progress",               (F, OK, OK, OK, OK),
        data={"position": 3, "duration": 8}, json_body=True),
    Row("POST", W + "/-/{rec_members}/progress",              (F, F, OK, OK, OK),
        data={"position": 3, "duration": 8}, json_body=True),
    # --- webinars: registration and questions -------------------------------------------
    Row("GET",  W + "/-/{webinar}/calendar.ics",              ALL_OK),
    Row("GET",  W + "/-/{members_webinar}/calendar.ics",      ALL_OK),
    Row("GET",  W + "/-/{webinar}/register",                  POST_ONLY),
    Row("POST", W + "/-/{webinar}/register",                  (LOGIN,) + (REDIR,) * 4, data={}),
    Row("POST", W + "/-/{members_webinar}/register",          (LOGIN, F, REDIR, REDIR, REDIR),
        data={}),
    Row("GET",  W + "/-/{webinar}/cancel",                    POST_ONLY),
    Row("POST", W + "/-/{webinar}/cancel",                    (LOGIN,) + (REDIR,) * 4, data={}),
    Row("GET",  W + "/-/{rec_public}/questions",              POST_ONLY),
    Row("POST", W + "/-/{rec_public}/questions",              (LOGIN, F, REDIR, REDIR, REDIR),
        data=TEXT),
    Row("POST", W + "/-/{rec_members}/questions",             (LOGIN, F, REDIR, REDIR, REDIR),
        data=TEXT),
    Row("GET",  W + "/-/{rec_public}/questions/lock",         POST_ONLY),
    Row("POST", W + "/-/{rec_public}/questions/lock",         (F, F, F, F, REDIR),
        data={"locked": "1"}),
    Row("GET",  W + "/-/questions/{question}/vote",           POST_ONLY),
    Row("POST", W + "/-/questions/{question}/vote",           (LOGIN, F, REDIR, REDIR, REDIR),
        data={}),
    Row("GET",  W + "/-/questions/{question}/answer",         POST_ONLY),
    Row("POST", W + "/-/questions/{question}/answer",         (F, F, F, REDIR, REDIR),
        data={"answer": "Yes."}),
    Row("GET",  W + "/-/questions/{question}/moderate",       POST_ONLY),
    Row("POST", W + "/-/questions/{question}/moderate",       (F, F, F, F, REDIR),
        data={"action": "hide"}),
    # --- private storage is never under a public URL ------------------------------------
    Row("GET",  "/protected/{case_file}",                     EVERYONE_404),
    Row("GET",  "/media/{case_file}",                         EVERYONE_404),
    Row("GET",  "/protected/{slides_file}",                   EVERYONE_404),
    Row("GET",  "/media/{video_file}",                        EVERYONE_404,
        note="members' video: public original deleted"),
    # --- Wagtail admin and Django admin (representative) --------------------------------
    Row("GET",  "/admin/",                                    ADMIN),
    Row("GET",  "/admin/pages/{home_id}/",                    ADMIN),
    Row("GET",  "/admin/pages/{home_id}/edit/",               (LOGIN, LOGIN, LOGIN, REDIR, OK),
        note="instructors may not edit the home page"),
    Row("GET",  "/admin/snippets/members/membership/",        (LOGIN, LOGIN, LOGIN, REDIR, OK)),
    Row("GET",  "/admin/login/",                              (LOGIN,) * 5,
        note="Wagtail's password-only form: leads to allauth's sign-in"),
    Row("GET",  "/django-admin/",                             EVERYONE_404,
        note="Django's admin is not installed"),
    Row("GET",  "/django-admin/login/",                       (LOGIN,) * 5,
        note="old bookmarks lead to allauth's sign-in"),
    Row("GET",  "/admin/snippets/members/membership/?expiring=this_month", OFFICE),
    Row("GET",  "/admin/snippets/members/membership/?export=csv", OFFICE),
    Row("GET",  "/admin/snippets/society/application/",       OFFICE),
    Row("GET",  "/admin/snippets/society/payment/",           OFFICE),
    Row("GET",  "/admin/snippets/society/fee/",               OFFICE),
    Row("GET",  "/admin/society/applications/{own_application}/decide/", OFFICE),
    Row("POST", "/admin/society/applications/{own_application}/decide/", OFFICE_BAD,
        data={"decision": "approve"}, note="not waiting for approval"),
    Row("GET",  "/admin/society/applications/{own_application}/proof/", OFFICE_NF,
        note="no proof uploaded"),
    Row("GET",  "/admin/society/payments/{own_sepa_payment_id}/received/", OFFICE),
    Row("POST", "/admin/society/payments/{own_sepa_payment_id}/received/", OFFICE_BAD,
        data={"amount": "1.00", "received_on": "2026-01-01"}, note="not the amount due"),
    Row("GET",  "/admin/society/invoices/{own_invoice}/pdf/", OFFICE),
]
# fmt: on


def _private_names(world) -> dict[str, str]:
    from courses.exercises.models import SampleCase

    recording = world.objects["rec_members"]
    return {
        "case_file": SampleCase.objects.get(pk=world.ids["member"]["case_id"]).file.name,
        "slides_file": recording.private_slides_name,
        "video_file": f"media/{recording.video.file.name}",
        "home_id": world.objects["home"].pk,
    }


def test_every_url_is_in_the_matrix(world):
    names = _private_names(world)
    covered = {route_of(row.path({**world.ids["member"], **names})) for row in MATRIX}
    missing = [route for route in checked_routes() if route not in covered]
    assert not missing, (
        "URL patterns without a row in the permission matrix (add rows with the expected "
        "answer for every role to tests/security/test_permission_matrix.py):\n  "
        + "\n  ".join(missing)
    )


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, role):
    column = ROLES.index(role)
    client = world.client(role, raise_request_exception=False)
    restore = keep_session(client)
    # Rows marked csrf=True go through the CSRF check with a valid token, as browsers do.
    csrf_clients = {role: CsrfClient(world, role)}
    ids = {**world.ids[role], **_private_names(world)}
    mismatches = []
    for row in MATRIX:
        path = row.path(ids)
        restore()
        response = send(
            csrf_clients[role] if row.csrf else client, row.method, path, row.data, row.json_body
        )
        got = classify(response)
        expected = row.expect[column]
        if got != expected:
            where = response.headers.get("Location", "")
            mismatches.append(
                f"{row.method} {path}: expected {expected}, got {got}"
                + (f" -> {where}" if where else "")
                + (f"  ({row.note})" if row.note else "")
            )
    assert not mismatches, f"{role}: {len(mismatches)} answer(s) differ:\n  " + "\n  ".join(
        mismatches
    )


# --- two instructors of different courses ------------------------------------------------

# (method, url, data, the demo course's instructor, the other course's instructor). The
# exercises belong to the demo course; staff see everything (the matrix above).
# fmt: off
TEACHING: list[tuple[str, str, dict | None, str, str]] = [
    ("GET",  "/learn/courses/{course_id}/instructor/",            None, OK, F),
    ("GET",  "/learn/courses/{course_id}/instructor/?format=csv", None, OK, F),
    ("GET",  "/learn/courses/{course_id}/cohort/",                None, OK, F),
    ("POST", "/learn/courses/{course_id}/cohort/",       {"emails": ""}, BAD, F),
    ("GET",  "/learn/courses/{other_course_id}/instructor/",      None, F, OK),
    ("GET",  "/learn/courses/{other_course_id}/instructor/?format=csv", None, F, OK),
    ("GET",  "/learn/courses/{other_course_id}/cohort/",          None, F, OK),
    ("GET",  E + "/manage/",                                      None, OK, OK),
    ("GET",  E + "/manage/{exercise_id}/gradebook/",              None, OK, F),
    ("GET",  E + "/manage/{exercise_id}/gradebook.csv",           None, OK, F),
    ("GET",  E + "/manage/{exercise_id}/trainees/{owner_id}/",    None, OK, F),
    ("GET",  E + "/manage/{exercise_id}/keys/",                   None, OK, F),
    ("GET",  E + "/manage/{exercise_id}/keys/{case_id}/",         None, OK, F),
    ("GET",  E + "/manage/{exercise_id}/preview/{case_id}/",      None, OK, F),
    ("GET",  E + "/manage/exercises/{exercise_id}/cases/",        None, OK, F),
    ("GET",  E + "/manage/exercises/{exercise_id}/rubric/",       None, OK, F),
    ("GET",  E + "/manage/exercises/{exercise_id}/keys/",         None, OK, F),
    ("GET",  E + "/manage/exercises/{exercise_id}/preview/",      None, OK, F),
    ("POST", E + "/manage/exercises/{exercise_id}/preview/",      {}, REDIR, F),
    ("POST", E + "/manage/{exercise_id}/regrade/",                {}, REDIR, F),
    ("GET",  E + "/manage/regrades/{job}/",                       None, OK, F),
    ("GET",  E + "/submissions/{b_submission}/",                  None, OK, NF),
    ("GET",  E + "/submissions/{b_submission}/status/",           None, OK, NF),
    ("GET",  E + "/submissions/{b_submission}/report.dcm",        None, OK, NF),
    ("GET",  E + "/submissions/{b_submission}/report.fhir.json",  None, OK, NF),
    ("GET",  E + "/submissions/{b_submission}/report.pdf",        None, OK, NF),
    ("GET",  E + "/submissions/{b_deferred_submission}/",         None, OK, NF),
]
# fmt: on


def test_two_instructors_see_only_what_they_teach(world):
    from django.test import Client

    from tests.support.signin import sign_in

    teacher = world.client("instructor", raise_request_exception=False)
    other = sign_in(Client(raise_request_exception=False), world.objects["other_instructor"])
    ids = {**world.ids["instructor"], **_private_names(world)}
    mismatches = []
    for method, url, data, expect_teacher, expect_other in TEACHING:
        path = url.format(**ids)
        for who, client, expected in (
            ("teacher", teacher, expect_teacher),
            ("other", other, expect_other),
        ):
            got = classify(send(client, method, path, data))
            if got != expected:
                mismatches.append(f"{who}: {method} {path}: expected {expected}, got {got}")
    assert not mismatches, "\n  ".join(["", *mismatches])


def test_the_other_instructor_finds_no_learner_of_the_demo_course(world):
    """The exercise tools list only what the instructor teaches, and no page of theirs
    names user B (who is enrolled in the demo course and submitted its exercises)."""
    from django.test import Client

    from tests.support.signin import sign_in

    other = sign_in(Client(), world.objects["other_instructor"])
    exercise = world.objects["exercise"]
    home = send(other, "GET", "/exercises/manage/").content.decode()
    assert f"/exercises/manage/{exercise.pk}/gradebook/" not in home
    teacher_home = send(world.client("instructor"), "GET", "/exercises/manage/").content.decode()
    assert f"/exercises/manage/{exercise.pk}/gradebook/" in teacher_home  # control
    course = send(other, "GET", world.objects["course"].url).content.decode()
    assert "Instructor view" not in course


# --- what trainees must never see -------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    """The PDF's content streams, decoded (ASCII85 and/or Flate), as text."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = match.group(1).strip()
        if raw.endswith(b"~>"):  # ReportLab: /Filter [/ASCII85Decode /FlateDecode]
            with contextlib.suppress(ValueError):
                raw = base64.a85decode(raw[:-2])
        with contextlib.suppress(zlib.error):
            raw = zlib.decompress(raw)
        chunks.append(raw)
    return b"\n".join(chunks).decode("latin-1")


def _body(response) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        return _pdf_text(response.content)
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("role", ["resident", "member"])
def test_no_expected_value_before_feedback_is_due(world, role):
    """The thyroid exercise gives feedback after a deadline a week away: until then the
    trainee's pages and exports carry no score, no expected value and no explanation."""
    from courses.exercises import selectors, services
    from courses.exercises.models import Submission

    ids = world.ids[role]
    submission = Submission.objects.get(pk=ids["own_deferred_submission"])
    # Positive control: an instructor sees the feedback rows for this very submission.
    full = selectors.result_view(submission, world.users["instructor"])
    assert full["rows"], "the deferred submission has no feedback rows to hide"
    answer_key = services.ensure_key(exercise=submission.exercise.specific, case=submission.case)
    key = services.effective_key(answer_key=answer_key, exercise=submission.exercise.specific)
    # The explanations exist only in the grade; expected option labels also appear in the
    # workspace form's choices (and the case itself), so they are looked for elsewhere.
    whys = {row["why"] for row in full["rows"] if len(row["why"]) > 12}
    expected = {
        row["expected"] for row in full["rows"] if len(row["expected"]) > 3 and row["given"] == "—"
    }
    assert whys and expected
    client = world.client(role)
    sid = submission.pk
    exercise_id, case_id = ids["deferred_exercise_id"], submission.case_id
    urls = [
        f"/exercises/submissions/{sid}/",
        f"/exercises/submissions/{sid}/status/",
        f"/exercises/submissions/{sid}/report.pdf",
        f"/exercises/submissions/{sid}/report.fhir.json",
        f"/exercises/{exercise_id}/",
        f"/exercises/{exercise_id}/cases/{case_id}/",
        "/exercises/",
        "/my-learning/",
    ]
    leaks = []
    for url in urls:
        response = send(client, "GET", url)
        assert response.status_code == 200, (url, response.status_code)
        body = _body(response)
        for marker in ("Expected", "Score ", "feedback-table"):
            if marker in body:
                leaks.append(f"{url}: '{marker}'")
        secrets = whys if "/cases/" in url else whys | expected
        leaks += [f"{url}: {secret!r}" for secret in secrets if secret in body]
    assert not leaks, "answer key shown before feedback is due:\n  " + "\n  ".join(leaks)
    assert key["fields"], "empty key: the test would prove nothing"
    # The instructor's PDF of the same submission does carry the feedback (control).
    staff_pdf = send(world.client("instructor"), "GET", urls[2])
    assert "Score" in _body(staff_pdf)


def test_quiz_and_practice_exam_pages_hide_the_correct_choices(world):
    from courses.models import PracticeExamAttempt, Question

    client = world.client("resident")
    lesson = world.objects["lesson_quiz"]
    page = send(client, "GET", lesson.url).content.decode()
    block = next(b for b in lesson.body if b.block_type == "quiz")
    questions = list(block.value["questions"])
    assert questions
    for question in questions:
        question = question if isinstance(question, Question) else Question.objects.get(pk=question)
        assert question.stem in page or question.stem[:40] in page
        assert question.explanation not in page
        assert "is_correct" not in page and "data-correct" not in page
    exam = PracticeExamAttempt.objects.get(pk=world.ids["resident"]["own_practice_exam"])
    page = send(client, "GET", f"/learn/practice-exam/{exam.pk}/").content.decode()
    for question in Question.objects.filter(pk__in=exam.question_ids):
        assert question.explanation not in page


# --- members-only recordings ------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "resident"])
def test_members_recording_page_gives_non_members_no_media_urls(world, role):
    recording = world.objects["rec_members"]
    page = send(world.client(role), "GET", recording.url).content.decode()
    for forbidden in (
        f"/webinars/media/{recording.pk}/",
        recording.private_video_name,
        recording.private_slides_name,
        "<video",
        "<track",
        f"/documents/{world.objects['slides_document'].pk}/",
    ):
        assert forbidden not in page, f"{role} sees {forbidden!r} on the members' recording"
    member_page = send(world.client("member"), "GET", recording.url).content.decode()
    assert f"/webinars/media/{recording.pk}/video" in member_page  # control


def test_members_media_answers_are_not_cached_publicly(world):
    """A member's copy must not be stored by a shared cache and served to others."""
    recording = world.objects["rec_members"]
    response = send(world.client("member"), "GET", f"/webinars/media/{recording.pk}/video")
    assert response.status_code == 200
    assert "public" not in response.headers.get("Cache-Control", "")


def test_join_link_only_for_registrants(world):
    webinar = world.objects["webinar_public"]
    if not webinar.join_url:
        pytest.skip("demo webinar has no join URL")
    for role in ("anonymous", "resident", "member"):
        page = send(world.client(role), "GET", webinar.url).content.decode()
        assert webinar.join_url not in page, role
    ics = send(world.client("member"), "GET", f"/webinars/-/{webinar.pk}/calendar.ics")
    assert webinar.join_url not in ics.content.decode()
    owner = world.client("anonymous")
    owner.force_login(world.owner)  # B is registered
    assert webinar.join_url in send(owner, "GET", webinar.url).content.decode()  # control


# --- private case files -----------------------------------------------------------------


def test_private_case_files_only_through_the_checked_download(world):
    from courses.exercises.models import SampleCase

    cases = list(SampleCase.objects.all())
    assert cases
    private_url = settings.STORAGES["private"]["OPTIONS"].get("base_url", "/protected/")
    for role in ("anonymous", "resident", "member", "instructor", "staff"):
        client = world.client(role)
        for case in cases[:3]:
            for url in (f"{private_url}{case.file.name}", f"/media/{case.file.name}"):
                assert send(client, "GET", url).status_code == 404, (role, url)
    # Trainee pages never name the stored file.
    client = world.client("member")
    ids = world.ids["member"]
    case = SampleCase.objects.get(pk=ids["case_id"])
    for url in (
        f"/exercises/{ids['exercise_id']}/cases/{case.pk}/",
        f"/exercises/{ids['exercise_id']}/cases/{case.pk}/transfer.json",
        f"/exercises/{ids['exercise_id']}/",
    ):
        body = send(client, "GET", url).content.decode()
        assert case.file.name not in body and case.sha256 not in body, url
    # The role-checked download gives the bytes to instructors only.
    with case.file.open("rb") as handle:
        data = handle.read()
    download = send(
        world.client("instructor"), "GET", f"/exercises/manage/cases/{case.pk}/download/"
    )
    assert download.content == data


# --- one user's rows are never changed by another ---------------------------------------


def test_actions_of_one_user_never_touch_user_bs_rows(world):
    """Progress, registration, enrolment and questions are keyed by the signed-in user:
    a member posting to the same endpoints leaves B's rows exactly as they were."""
    from content.webinars.models import Question, ViewingProgress, WebinarRegistration
    from courses.models import LessonProgress

    owner = world.owner
    ids = world.ids["member"]

    def b_state():
        return (
            list(ViewingProgress.objects.filter(user=owner).values_list()),
            list(WebinarRegistration.objects.filter(user=owner).values_list()),
            list(LessonProgress.objects.filter(user=owner).values_list()),
            list(Question.objects.filter(author=owner).values_list("pk", "text", "hidden")),
        )

    before = b_state()
    client = world.client("member")
    client.post(
        f"/webinars/-/{ids['rec_public']}/progress",
        {"position": 7, "duration": 8},
        content_type="application/json",
    )
    client.post(f"/webinars/-/{ids['webinar']}/cancel", {})
    client.post(f"/learn/lessons/{ids['lesson_id']}/read/", {})
    client.post(f"/webinars/-/questions/{ids['question']}/moderate", {"action": "hide"})
    client.post(
        f"/webinars/-/questions/{ids['question']}/moderate", {"action": "edit", "text": "x"}
    )
    assert b_state() == before
