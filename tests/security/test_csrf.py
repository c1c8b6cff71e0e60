"""CSRF: no state-changing request is accepted without a token, and nothing changes.

Every URL of the matrix (so every route of the URLconf) is POSTed to without a token as
a role allowed to use it; the state-changing endpoints are also tried with PUT and
DELETE. A refusal must be Django's CSRF failure (403), and the database must be exactly
as before. As a control, the same requests *with* a valid token are not CSRF failures,
so the 403 really came from the CSRF check and not from a permission check.
"""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection, transaction

from tests.security.matrix import F, Row, give_csrf_token, private_names, route_of
from tests.security.test_permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

CSRF_FAILURE = "The form could not be sent"  # the site's CSRF failure page (403_csrf.html)

# Who may use each state-changing endpoint (the role the CSRF test signs in as).
# A route of a POST row in the matrix that is missing here fails the test.
STATE_CHANGING = {
    "accounts/profile/": "member",
    "accounts/profile/privacy/download/": "member",
    "accounts/profile/privacy/delete/": "member",
    "learn/courses/<int:course_id>/enrol/": "member",
    "learn/courses/<int:course_id>/cohort/": "instructor",
    "learn/courses/<int:course_id>/certificate-name/": "member",
    "learn/courses/<int:course_id>/evaluation/": "member",
    "learn/lessons/<int:lesson_id>/read/": "member",
    "learn/lessons/<int:lesson_id>/video-progress/": "member",
    "learn/lessons/<int:lesson_id>/quiz/<str:block_id>/": "member",
    "learn/practice-exam/": "member",
    "learn/practice-exam/<int:attempt_id>/": "member",
    "learn/questions/import/": "instructor",
    "exercises/<int:exercise_id>/cases/<int:case_id>/": "member",
    "exercises/<int:exercise_id>/cases/<int:case_id>/draft/": "member",
    # GET-only (405 on POST) but still tried with PUT/DELETE: ensure_key may write a key.
    "exercises/<int:exercise_id>/cases/<int:case_id>/transfer.json": "member",
    "exercises/manage/templates/import/": "instructor",
    "exercises/manage/cases/upload/": "instructor",
    "exercises/manage/cases/generate/": "instructor",
    "exercises/manage/<int:exercise_id>/preview/<int:case_id>/": "instructor",
    "exercises/manage/<int:exercise_id>/keys/<int:case_id>/": "instructor",
    "exercises/manage/exercises/new/": "instructor",
    "exercises/manage/exercises/<int:exercise_id>/cases/": "instructor",
    "exercises/manage/exercises/<int:exercise_id>/rubric/": "instructor",
    "exercises/manage/exercises/<int:exercise_id>/preview/": "instructor",
    "exercises/manage/<int:exercise_id>/regrade/": "instructor",
    "webinars/-/<int:recording_id>/progress": "member",
    "webinars/-/<int:webinar_id>/register": "member",
    "webinars/-/<int:webinar_id>/cancel": "member",
    "webinars/-/<int:page_id>/questions": "member",
    "webinars/-/<int:page_id>/questions/lock": "staff",
    "webinars/-/questions/<int:question_id>/vote": "member",
    "webinars/-/questions/<int:question_id>/answer": "instructor",
    "webinars/-/questions/<int:question_id>/moderate": "staff",
    "membership/join/": "member",
    "membership/applications/<int:pk>/pay/": "member",
    "membership/pay/<uuid:token>/": "member",
    "membership/renew/": "member",
    "admin/society/applications/<int:pk>/decide/": "staff",
    "admin/society/payments/<int:pk>/received/": "staff",
    "payments/process/<uuid:token>/": "anonymous",
    "payments/process/(?P<variant>[a-z-]+)/$": "anonymous",
    # allauth forms (representative)
    "accounts/login/": "anonymous",
    "accounts/signup/": "anonymous",
    "accounts/logout/": "member",
    "accounts/email/": "member",
    "accounts/password/change/": "member",
    "accounts/password/reset/": "anonymous",
}

# Payment providers' callbacks: csrf_exempt by design (django-payments); a provider cannot
# hold the site's CSRF token, it signs its requests instead. Posted to without a token they
# must still change nothing (checked below).
CSRF_EXEMPT_BY_DESIGN = {
    "payments/process/<uuid:token>/",
    "payments/process/(?P<variant>[a-z-]+)/$",
}

# Valid-looking bodies, so that with a token the view would act.
BODIES = {
    "accounts/login/": {"login": "user@example.org", "password": "x"},
    "accounts/password/reset/": {"email": "user@example.org"},
    "webinars/-/<int:page_id>/questions": {"text": "Is STOW-RS covered?"},
    "webinars/-/questions/<int:question_id>/answer": {"answer": "Yes."},
    "webinars/-/questions/<int:question_id>/moderate": {"action": "hide"},
    "webinars/-/<int:page_id>/questions/lock": {"locked": "1"},
    "webinars/-/<int:recording_id>/progress": {"position": "3", "duration": "8"},
    "learn/courses/<int:course_id>/cohort/": {"emails": "someone@example.org"},
    "exercises/<int:exercise_id>/cases/<int:case_id>/": {"action": "save"},
    "exercises/<int:exercise_id>/cases/<int:case_id>/draft/": {"right_ica_psv": "120"},
    "admin/society/applications/<int:pk>/decide/": {"decision": "approve", "message": "ok"},
    "admin/society/payments/<int:pk>/received/": {"amount": "60.00", "received_on": "2026-01-01"},
}


def _fingerprint() -> str:
    """A hash of every row of every table, read raw (the demo world is ~1,500 rows)."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")
            digest.update(table.encode())
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def _one_url_per_route(world) -> dict[str, tuple[str, Row]]:
    """The first matrix URL of every route (POST rows first: they carry the right ids)."""
    names = private_names(world)
    urls: dict[str, tuple[str, Row]] = {}
    for row in sorted(MATRIX, key=lambda r: r.method != "POST"):
        path = row.path({**world.ids["member"], **names})
        route = route_of(path)
        if route is not None and route not in urls:
            urls[route] = (path.split("?")[0], row)
    return urls


def test_every_post_endpoint_of_the_matrix_is_listed(world):
    post_routes = {
        route_of(r.path({**world.ids["member"], **private_names(world)}))
        for r in MATRIX
        if r.method == "POST"
    }
    post_routes = {r for r in post_routes if not r.startswith("accounts/")}
    missing = sorted(post_routes - set(STATE_CHANGING))
    assert not missing, f"state-changing endpoints not in test_csrf.STATE_CHANGING: {missing}"


def test_every_url_refuses_a_post_without_a_csrf_token(world):
    """All routes, as a role allowed to use them: 403 CSRF failure, nothing changed."""
    from django.conf import settings

    clients = {}
    for role in ("anonymous", "member", "instructor", "staff"):
        clients[role] = world.client(role, enforce_csrf_checks=True, raise_request_exception=False)
        give_csrf_token(clients[role])  # a CSRF cookie is present; only the token is missing
        # A first page, as after any sign-in: the session notes what it remembers for
        # the rest of the visit (the second factor's device) before the fingerprint.
        clients[role].get("/")
    before = _fingerprint()  # after signing in: sessions and last_login are written
    failures = []
    for route, (path, row) in _one_url_per_route(world).items():
        role = STATE_CHANGING.get(route, "staff")
        client = clients[role]
        methods = ("post", "put", "delete") if route in STATE_CHANGING else ("post",)
        for method in methods:
            with transaction.atomic():  # whatever happens, undo it (and still compare)
                response = getattr(client, method)(path, BODIES.get(route, row.data or {}))
                changed = _fingerprint() != before
                transaction.set_rollback(True)
            body = response.content.decode("utf-8", "replace")
            exempt = route in CSRF_EXEMPT_BY_DESIGN
            if not exempt and (response.status_code != 403 or CSRF_FAILURE not in body):
                failures.append(f"{method.upper()} {path} as {role}: {response.status_code}")
            if changed:
                failures.append(f"{method.upper()} {path} as {role}: the database changed")
    assert settings.CSRF_COOKIE_NAME
    assert not failures, "requests without a CSRF token were not refused:\n  " + "\n  ".join(
        failures
    )
    assert _fingerprint() == before


def test_with_a_token_the_same_requests_are_not_csrf_failures(world):
    """Control: the 403s above come from the CSRF check, not from the views."""
    urls = _one_url_per_route(world)
    wrong = []
    for route, role in STATE_CHANGING.items():
        path, row = urls[route]
        client = world.client(role, enforce_csrf_checks=True, raise_request_exception=False)
        token = give_csrf_token(client)
        with transaction.atomic():
            response = client.post(path, BODIES.get(route, row.data or {}), HTTP_X_CSRFTOKEN=token)
            transaction.set_rollback(True)
        body = response.content.decode("utf-8", "replace")
        if response.status_code == int(F) and CSRF_FAILURE in body:
            wrong.append(f"POST {path} as {role}: CSRF failure")
        if response.status_code >= 500:
            wrong.append(f"POST {path} as {role}: {response.status_code}")
    assert not wrong, "with a valid token:\n  " + "\n  ".join(wrong)
