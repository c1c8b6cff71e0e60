"""The permission matrix: every URL of the site, as every role, with the expected answer.

Columns: anonymous, resident, member (active membership), instructor, staff. Answers:
``200``; ``login`` = 302 to a sign-in page; ``302`` = redirect elsewhere; ``400``;
``403``; ``404``; ``405`` (GET on a POST-only endpoint). ``{own_*}`` placeholders are the
signed-in user's own objects (for anonymous: user B's); ``{b_*}`` are user B's objects,
visited by everyone else. Every request runs in a rolled-back savepoint, so POST rows
(valid or not) change nothing for the rows after them.

``test_every_url_is_in_the_matrix`` fails, naming the route, when a URL pattern is added
without a row here (or an explicit, reasoned skip in ``matrix.py``)."""

from __future__ import annotations

import pytest

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
    private_names,
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
    Row("GET",  "/patterns/",                                 ALL_OK, note="design system"),
    Row("GET",  "/card-images/A-0000beef.svg",                ALL_OK, note="generated image"),
    Row("GET",  "/card-images/not-a-key.svg",                 EVERYONE_404),
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
    # The lesson has a demo video of its own: media 999999 is no video of it.
    Row("POST", "/learn/lessons/{lesson_id}/video-progress/", (F, BAD, BAD, BAD, BAD),
        data={"media_id": 999999, "fraction": 0.5}, json_body=True, note="no such video"),
    Row("POST", "/learn/lessons/{lesson_id}/video-progress/", (F, BAD, BAD, BAD, BAD),
        data={"media_id": "999999", "fraction": "0.5"}, csrf=True,
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
    # Autosave answers a signed-out script with 401 (it keeps the draft in the browser).
    Row("POST", E + "/{exercise_id}/cases/{case_id}/draft/",  ("401", OK, OK, OK, OK),
        data={"right_ica_psv": "120"}),
    Row("GET",  E + "/{exercise_id}/cases/{case_id}/draft/",  POST_ONLY),
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


def test_every_url_is_in_the_matrix(world):
    names = private_names(world)
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
    ids = {**world.ids[role], **private_names(world)}
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
