"""One door in: allauth's sign-in is the only way to get a session, and the two-factor
gate asks whether *this session* passed the second factor, not whether a device exists.

Each test takes the path an attacker takes: plain HTTP requests to the sign-in forms the
site has (or had): Wagtail's admin login, Django's admin login, Wagtail's front-end login
and allauth's own.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from courses.models import Enrolment
from members.models import User
from members.roles import Role
from tests.courses.factories import build_course
from tests.factories import A_NAME, TEST_PASSWORD, UserFactory
from tests.support.signin import current_totp_code, sign_in, sign_in_through_allauth

pytestmark = pytest.mark.django_db

ALLAUTH_LOGIN = "/accounts/login/"
# The password forms Wagtail and Django bring besides allauth's.
OTHER_LOGIN_FORMS = ["/admin/login/", "/django-admin/login/", "/_util/login/"]
EVERY_LOGIN_FORM = [ALLAUTH_LOGIN, *OTHER_LOGIN_FORMS]
# What a password alone must never reach.
PROTECTED = ["/admin/", "/admin/users/", "/exercises/manage/", "/django-admin/"]


def _with_totp(user: User) -> tuple[User, str]:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def _instructor_with_totp():
    return _with_totp(UserFactory(roles=[Role.INSTRUCTOR]))


def _superuser_with_totp():
    return _with_totp(UserFactory(is_staff=True, is_superuser=True))


PRIVILEGED = {"instructor": _instructor_with_totp, "superuser": _superuser_with_totp}


def _post_password(client, form_url: str, email: str, password: str):
    """Post the credentials the way each form names them (Django's forms read `username`,
    allauth's reads `login`), then, if the form sends the browser elsewhere to sign in,
    post them there too: what a person or a script does next."""
    data = {"username": email, "login": email, "password": password}
    response = client.post(form_url, data)
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith(ALLAUTH_LOGIN):
        response = client.post(location, data)
    return response


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _reachable(client) -> list[str]:
    return [path for path in PROTECTED if client.get(path).status_code == 200]


# --- item 1: every other sign-in URL leads to allauth ------------------------------------


@pytest.mark.parametrize("form_url", OTHER_LOGIN_FORMS)
def test_the_other_sign_in_pages_send_the_visitor_to_allauth_keeping_next(client, form_url):
    response = client.get(f"{form_url}?next=/exercises/manage/")
    assert response.status_code == 302
    assert response.url == f"{ALLAUTH_LOGIN}?next=/exercises/manage/"


def test_wagtails_sign_in_page_without_next_returns_to_the_admin(client):
    assert client.get("/admin/login/").url == f"{ALLAUTH_LOGIN}?next=/admin/"


def test_a_next_pointing_off_site_is_dropped(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response.url == f"{ALLAUTH_LOGIN}?next=/admin/"


def test_the_admin_and_private_pages_ask_anonymous_visitors_to_sign_in_at_allauth(client):
    response = client.get("/admin/users/")
    assert response.status_code == 302
    assert response.url == f"{ALLAUTH_LOGIN}?next=/admin/users/"


def test_django_admin_is_gone(client):
    """Everything the office manages is in the Wagtail admin; a second admin with its own
    login form is a second door to keep shut, so there is none (its old sign-in URL leads
    to allauth's, above)."""
    for path in ("/django-admin/", "/django-admin/members/user/", "/django-admin/auth/group/"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("kind", PRIVILEGED)
@pytest.mark.parametrize("form_url", OTHER_LOGIN_FORMS)
def test_a_password_posted_to_another_form_gets_no_session(client, kind, form_url):
    user, _ = PRIVILEGED[kind]()
    _post_password(client, form_url, user.email, TEST_PASSWORD)
    assert not _signed_in(client)
    assert _reachable(client) == []


@pytest.mark.parametrize("kind", PRIVILEGED)
def test_allauth_asks_for_the_code_before_any_session_exists(client, kind):
    user, _ = PRIVILEGED[kind]()
    response = sign_in_through_allauth(client, user.email, next_url="/admin/")
    assert response.url == reverse("mfa_authenticate")
    assert not _signed_in(client)
    assert _reachable(client) == []


@pytest.mark.parametrize("kind", PRIVILEGED)
def test_a_session_that_skipped_the_second_factor_is_signed_out(client, kind):
    """A session made without allauth's code step (as the other login forms made them) is
    signed out and sent to allauth, whatever page it asks for."""
    user, _ = PRIVILEGED[kind]()
    client.force_login(user)
    for path in PROTECTED[:3]:
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == f"{ALLAUTH_LOGIN}?next={path}", path
        assert not _signed_in(client), path


@pytest.mark.parametrize("kind", PRIVILEGED)
def test_the_second_factor_cannot_be_switched_off_by_a_password_only_session(client, kind):
    """Otherwise a stolen password would be enough to swap in the thief's own device."""
    user, _ = PRIVILEGED[kind]()
    sign_in(client, user, second_factor=False)  # a password, as allauth records it
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.post(reverse("mfa_deactivate_totp"), {})
    assert user.authenticator_set.filter(type="totp").exists()
    assert not _signed_in(client)


def test_password_and_code_through_allauth_open_the_admin(client):
    user, secret = _superuser_with_totp()
    response = sign_in_through_allauth(client, user.email, totp_secret=secret, next_url="/admin/")
    assert response.status_code == 302 and response.url == "/admin/"
    assert _reachable(client) == ["/admin/", "/admin/users/", "/exercises/manage/"]


def test_an_instructor_with_password_and_code_reaches_the_exercise_tools(client):
    user, secret = _instructor_with_totp()
    sign_in_through_allauth(client, user.email, totp_secret=secret)
    assert client.get("/exercises/manage/").status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_setting_up_the_authenticator_counts_as_this_sessions_second_factor(client):
    """An instructor signs in with a password, is sent to set up TOTP, proves the new
    device with a code and carries on without signing in again. (allauth announces the new
    device once the request's transaction commits, so this test lets it commit.)"""
    user = UserFactory(roles=[Role.INSTRUCTOR])
    sign_in_through_allauth(client, user.email)
    assert client.get("/exercises/manage/").url == reverse("mfa_activate_totp")
    # allauth asks for the password once more before it shows the set-up page.
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})
    assert response.status_code == 302
    assert user.authenticator_set.filter(type="totp").exists()
    assert client.get("/exercises/manage/").status_code == 200


# --- item 2: the brute-force limit holds on every path -----------------------------------


@pytest.mark.parametrize("form_url", EVERY_LOGIN_FORM)
def test_twelve_wrong_passwords_lock_the_account_on_every_path(client, form_url):
    user = UserFactory(roles=[Role.RESIDENT])  # a password alone would sign them in
    for _ in range(12):
        _post_password(client, form_url, user.email, "not-the-password")
    response = _post_password(client, form_url, user.email, TEST_PASSWORD)
    assert not _signed_in(client)
    assert "Too many failed login attempts" in response.content.decode()


# --- item 4: an unverified sign-up cannot sign in or enrol -------------------------------


def _sign_up(client, email: str) -> User:
    client.post(
        reverse("account_signup"),
        {"email": email, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD, **A_NAME},
    )
    client.logout()
    user = User.objects.get(email=email)
    assert not EmailAddress.objects.get(user=user).verified
    return user


@pytest.mark.parametrize("form_url", EVERY_LOGIN_FORM)
def test_an_unverified_sign_up_cannot_sign_in_or_enrol(client, form_url):
    course = build_course()
    user = _sign_up(client, "unverified@example.org")
    response = _post_password(client, form_url, user.email, TEST_PASSWORD)
    assert not _signed_in(client)
    if response.status_code == 302:
        assert response.url in (reverse("account_email_verification_sent"),) or (
            response.url.startswith(ALLAUTH_LOGIN)
        )
    enrol = client.post(reverse("course-enrol", args=[course.pk]))
    assert enrol.status_code == 302 and enrol.url.startswith(ALLAUTH_LOGIN)
    assert not Enrolment.objects.filter(user=user).exists()
