"""Shared pieces of the robustness (property-based) tests.

Every property keeps a bounded number of examples (see ``BOUNDED``) so the whole package
runs in about a minute. Hypothesis shares function-scoped fixtures (the test client, the
database of the test) between the examples of one test, so each property measures its own
"nothing left behind" invariant before and after every request.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, settings

# One profile for the whole package: bounded, no deadline (requests touch SQLite and
# files), and fixtures shared between examples are intended.
BOUNDED = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    derandomize=False,
    print_blob=True,
)


def bounded(max_examples: int) -> settings:
    """BOUNDED with another example budget."""
    return settings(BOUNDED, max_examples=max_examples)


SCRIPT_MARKER = "<script>alert('xss-robust')</script>"


def private_files() -> set[str]:
    """Every file under the private storage root (relative names)."""
    root = Path(django_settings.PRIVATE_MEDIA_ROOT)
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def assert_not_server_error(response) -> None:
    assert response.status_code < 500, (response.status_code, response.content[:500])


def visible_text(response) -> str:
    return response.content.decode("utf-8", "replace")


def assert_no_raw_marker(html: str) -> None:
    """The injected script tag must never come back unescaped."""
    assert "<script>alert(" not in html
    assert re.search(r"<script[^>]*>\s*alert\(", html) is None


@pytest.fixture
def host():
    """Wagtail's default site answers on localhost (see tests/courses/test_views.py)."""
    return {"HTTP_HOST": "localhost"}
