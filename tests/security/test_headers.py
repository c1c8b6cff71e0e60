"""Security headers on every page, no inline script or style in the site's HTML, and
production settings (secure cookies, HSTS, SSL redirect) checked in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from tests.security.matrix import OK, private_names, send
from tests.security.test_permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HEADER_ROLES = ("anonymous", "member", "instructor")
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


def _policy_problems(response, *, admin: bool = False) -> list[str]:
    """The site's strict policy; under /admin/ the documented admin policy (config/csp.py),
    which adds 'unsafe-inline' for script and style and nothing else."""
    problems = []
    policy = response.headers.get("Content-Security-Policy", "")
    if not policy:
        return ["no Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    inline = ["'unsafe-inline'"] if admin else []
    for directive in ("script-src", "style-src"):
        if directives.get(directive) != ["'self'", *inline]:
            problems.append(f"{directive} is {directives.get(directive)}")
    for word in ("'unsafe-eval'", "unsafe-hashes", *([] if admin else ["'unsafe-inline'"])):
        if word in policy:
            problems.append(f"CSP allows {word}")
    if directives.get("default-src") != ["'self'"]:
        problems.append("default-src is not 'self'")
    if directives.get("object-src") != ["'none'"]:
        problems.append("object-src is not 'none'")
    return problems


def _header_problems(response, *, admin: bool = False) -> list[str]:
    problems = _policy_problems(response, admin=admin)
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    if not response.headers.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    if response.headers.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.headers.get('X-Frame-Options')}")
    return problems


def _html_problems(html: str) -> list[str]:
    """Inline script content, on* event handlers and style attributes."""
    problems = []
    tree = lxml.html.document_fromstring(html)
    for script in tree.iter("script"):
        # Non-executable data blocks (Wagtail's userbar axe configuration, json_script)
        # are not script: CSP does not apply to them and the browser never runs them.
        if (script.get("type") or "").lower() in DATA_BLOCK_TYPES:
            continue
        if not script.get("src") and (script.text or "").strip():
            problems.append(f"inline <script>: {(script.text or '').strip()[:60]!r}")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in element.attrib:
            if name.lower().startswith("on"):
                problems.append(f"<{element.tag} {name}=...> event handler")
            elif name.lower() == "style":
                problems.append(f"<{element.tag} style=...> attribute")
    return problems


def _pages(world, role: str) -> list[str]:
    """Every GET URL of the matrix that answers 200 to this role."""
    column = ("anonymous", "resident", "member", "instructor", "staff").index(role)
    ids = {**world.ids[role], **private_names(world)}
    urls = []
    for row in MATRIX:
        if row.method == "GET" and row.expect[column] == OK:
            urls.append(row.path(ids))
    return list(dict.fromkeys(urls))


@pytest.mark.parametrize("role", HEADER_ROLES)
def test_every_page_sends_the_security_headers_and_no_inline_code(world, role):
    client = world.client(role)
    problems = []
    html_pages = 0
    for url in _pages(world, role):
        response = send(client, "GET", url)
        for problem in _header_problems(response, admin=url.startswith("/admin/")):
            problems.append(f"{url}: {problem}")
        if url.startswith(ADMIN_PREFIXES):
            continue  # Wagtail's and Django's admin HTML is theirs; headers are ours
        if response.headers.get("Content-Type", "").startswith("text/html"):
            html_pages += 1
            body = b"".join(response.streaming_content) if response.streaming else response.content
            for problem in _html_problems(body.decode("utf-8", "replace")):
                problems.append(f"{url}: {problem}")
    assert html_pages >= 20  # a sanity floor: the matrix lists this many pages that answer 200
    assert not problems, f"{role}: " + "\n  ".join(["", *problems])


def test_error_and_refusal_pages_follow_the_same_rules(world):
    """404, 403 (permission and recording refusal) and a form error page."""
    ids = world.ids["resident"]
    client = world.client("resident")
    urls = [
        "/no-such-page/",
        f"/learn/courses/{ids['course_id']}/instructor/",  # 403
        "/exercises/manage/",  # 403
        f"/learn/quiz-attempts/{ids['b_quiz_attempt']}/",  # 404
    ]
    problems = []
    for url in urls:
        response = send(client, "GET", url)
        assert response.status_code in (403, 404), url
        problems += [f"{url}: {p}" for p in _header_problems(response)]
        problems += [f"{url}: {p}" for p in _html_problems(response.content.decode())]
    refusal = send(client, "POST", f"/webinars/-/{ids['members_webinar']}/register", {})
    assert refusal.status_code == 403
    problems += [f"register refusal: {p}" for p in _header_problems(refusal)]
    problems += [f"register refusal: {p}" for p in _html_problems(refusal.content.decode())]
    assert not problems, "\n  ".join(["", *problems])


def test_session_and_csrf_cookies(world):
    from django.conf import settings

    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")
    assert settings.CSRF_COOKIE_SAMESITE in ("Lax", "Strict")


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 30 + "-production-secret-key-for-tests-only-0123456789",
    "DJANGO_ALLOWED_HOSTS": "academy.example.org",
    "REDIS_CACHE_URL": "redis://127.0.0.1:6379/1",
    "ACADEMY_TRUSTED_PROXY_COUNT": "1",
    "ACADEMY_BASE_URL": "https://academy.example.org",
    "DEFAULT_FROM_EMAIL": "Academy <academy@example.org>",
    # The probe asks the no-database view; production routes it only for a benchmark.
    "ACADEMY_BENCH_BASELINE": "1",
}

PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.conf import settings as s
from django.test import Client
client = Client(HTTP_HOST="academy.example.org")
secure = client.get("/_baseline", secure=True)
plain = client.get("/_baseline")
print(json.dumps({
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "DEBUG": s.DEBUG,
    "X_FRAME_OPTIONS": s.X_FRAME_OPTIONS,
    "hsts": secure.headers.get("Strict-Transport-Security", ""),
    "csp": secure.headers.get("Content-Security-Policy", ""),
    "secure_status": secure.status_code,
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
}))
"""


def test_production_settings_are_secure():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["SESSION_COOKIE_SECURE"] is True
    assert found["CSRF_COOKIE_SECURE"] is True
    assert found["SESSION_COOKIE_HTTPONLY"] is True
    assert found["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["DEBUG"] is False
    assert found["X_FRAME_OPTIONS"] == "DENY"
    assert found["secure_status"] == 200
    assert "max-age=31536000" in found["hsts"] and "includeSubDomains" in found["hsts"]
    assert "script-src 'self'" in found["csp"] and "unsafe" not in found["csp"]
    assert "upgrade-insecure-requests" in found["csp"]
    assert found["plain_status"] == 301
    assert found["plain_location"].startswith("https://academy.example.org/")
