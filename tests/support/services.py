"""Finding the real services a test needs; skip with a reason when absent.

CI sets ACADEMY_REQUIRE_SERVICES=1, which turns every such skip into a failure, so that
a green CI run really exercised PostgreSQL, Redis, the Celery worker and Chromium.
"""

import os
import shutil

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def missing(reason: str) -> None:
    """Skip with the reason, or fail when CI requires every service."""
    if os.environ.get("ACADEMY_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required in CI but missing: {reason}")
    pytest.skip(reason)


def chromium_path() -> str:
    for candidate in (os.environ.get("ACADEMY_CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and shutil.which(candidate):
            return candidate
    missing("no Chromium found (install Debian's chromium package)")
    raise AssertionError("unreachable")


def broker_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url:
        missing("CELERY_BROKER_URL is not set: no Redis broker to run a real worker against")
    return url


def require_postgresql() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        missing("DATABASE_URL does not point at PostgreSQL")
