"""Shared pieces of the security tests: the URL inventory and how a row is requested.

The permission matrix itself (the table of expected answers) lives in
``test_permission_matrix.py``; this module only knows how to enumerate the URLconf,
how to make one request, and how to name an answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

# Answer tokens used in the matrix.
OK = "200"
LOGIN = "login"  # 302 to a sign-in page (allauth, Wagtail admin or Django admin login)
REDIR = "302"  # a redirect somewhere else
BAD = "400"
F = "403"
NF = "404"
NA = "405"

LOGIN_PATHS = ("/accounts/login/", "/admin/login/", "/django-admin/login/")

# URLconf prefixes that are not visited one by one: Wagtail admin and Django admin
# internals (a few representative admin URLs are in the matrix instead).
SKIPPED_PREFIXES = ("admin/", "django-admin/", "static/", "media/")

# allauth internals not visited by the matrix (allauth's own tests cover them; the
# matrix visits login, signup, logout, email, password change/reset and 2FA pages).
ALLAUTH_SKIPPED = {
    "accounts/inactive/": "static 'account inactive' notice",
    "accounts/reauthenticate/": "allauth re-authentication form",
    "accounts/reauthenticate/code/": "login-by-code flow (off)",
    "accounts/reauthenticate/code/confirm/": "login-by-code flow (off)",
    "accounts/confirm-email/": "static 'verification sent' notice",
    "accounts/password/set/": "for accounts without a password (social login, off)",
    "accounts/login/code/confirm/": "login-by-code flow (off)",
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "signed e-mail confirmation key",
    "accounts/password/reset/key/done/": "static 'password changed' notice",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": "signed reset key",
    "accounts/password/reset/done/": "static 'reset mail sent' notice",
    "accounts/2fa/authenticate/": "second step of the login flow (needs a pending login)",
    "accounts/2fa/reauthenticate/": "allauth 2FA re-authentication",
    "accounts/2fa/totp/deactivate/": "allauth 2FA management",
    "accounts/2fa/recovery-codes/": "allauth 2FA management",
    "accounts/2fa/recovery-codes/generate/": "allauth 2FA management",
    "accounts/2fa/recovery-codes/download/": "allauth 2FA management",
}


def url_routes() -> list[str]:
    """Every route of the URLconf (full route string), in order."""

    def walk(resolver: URLResolver, prefix: str):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return list(walk(get_resolver(), ""))


def _normal(route: str) -> str:
    """Django drops a nested regex's leading '^' when it joins routes; so do we."""
    return route.replace("/^", "/")


def checked_routes() -> list[str]:
    return [
        _normal(r)
        for r in url_routes()
        if not r.startswith(SKIPPED_PREFIXES) and r not in ALLAUTH_SKIPPED
    ]


def route_of(path: str) -> str | None:
    try:
        return _normal(resolve(path.split("?")[0]).route)
    except Resolver404:
        return None


@dataclass
class Row:
    method: str
    url: str  # a template filled from World.ids[role]
    expect: tuple[str, str, str, str, str]  # anonymous, resident, member, instructor, staff
    data: Any = None
    json_body: bool = False
    note: str = ""
    csrf: bool = False  # send through the CSRF check with a valid token
    extra: dict = field(default_factory=dict)

    def path(self, ids: dict) -> str:
        return self.url.format(**ids)


def classify(response) -> str:
    """Name an answer with the matrix's tokens."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        target = location.split("://", 1)[-1]
        target = target[target.find("/") :] if "://" in location else location
        if target.startswith(LOGIN_PATHS):
            return LOGIN
        return REDIR
    return str(status)


def send(client, method: str, path: str, data=None, json_body: bool = False, **extra):
    """One request, inside a savepoint that is rolled back: it changes nothing."""
    kwargs: dict[str, Any] = dict(extra)
    if data is not None:
        if json_body:
            kwargs["data"] = json.dumps(data)
            kwargs["content_type"] = "application/json"
        else:
            kwargs["data"] = data
    cache.clear()  # rate limits and cached site roots start fresh for every request
    with transaction.atomic():
        try:
            return getattr(client, method.lower())(path, **kwargs)
        finally:
            transaction.set_rollback(True)


def keep_session(client):
    """Return a function that puts the signed-in session cookie back (a response that
    signs out, e.g. logout, must not turn later requests anonymous)."""
    name = settings.SESSION_COOKIE_NAME
    saved = client.cookies.get(name)
    value = saved.value if saved is not None else None

    def restore():
        if value is None:
            client.cookies.pop(name, None)
        else:
            client.cookies[name] = value

    return restore


def give_csrf_token(client) -> str:
    """Give the client a CSRF cookie and return a matching token."""
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"]
    return token


class CsrfClient:
    """A client that enforces CSRF and sends a valid token header, like the site's JS."""

    def __init__(self, world, role: str):
        self.client = world.client(role, enforce_csrf_checks=True, raise_request_exception=False)
        self.token = give_csrf_token(self.client)

    def __getattr__(self, method):
        call = getattr(self.client, method)

        def with_token(path, **kwargs):
            return call(path, HTTP_X_CSRFTOKEN=self.token, **kwargs)

        return with_token


def private_names(world) -> dict[str, str]:
    """The private file names and ids a row's placeholders may name."""
    from courses.exercises.models import SampleCase

    recording = world.objects["rec_members"]
    return {
        "case_file": SampleCase.objects.get(pk=world.ids["member"]["case_id"]).file.name,
        "slides_file": recording.private_slides_name,
        "video_file": f"media/{recording.video.file.name}",
        "home_id": world.objects["home"].pk,
    }
