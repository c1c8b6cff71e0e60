"""The one place that reads the environment.

Every setting that differs between the embedded default and production comes from an
environment variable read here; `.env.example` documents each of them.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# A developer's .env is read when present; real deployments set variables directly.
_dotenv = BASE_DIR / ".env"
if _dotenv.is_file():
    environ.Env.read_env(str(_dotenv))


def trusted_proxy_count(value: str) -> int:
    """ACADEMY_TRUSTED_PROXY_COUNT as a number, refusing anything else at start-up."""
    from django.core.exceptions import ImproperlyConfigured

    if not value.strip().isdigit():
        raise ImproperlyConfigured(
            f"ACADEMY_TRUSTED_PROXY_COUNT must be a whole number, 0 or more (got {value!r})"
        )
    return int(value)


def site_url(value: str) -> str:
    """ACADEMY_BASE_URL as an origin without a trailing slash (https://academy.example.org),
    refusing anything that is not one at start-up: links built from it leave the site."""
    from urllib.parse import urlsplit

    from django.core.exceptions import ImproperlyConfigured

    value = value.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
        raise ImproperlyConfigured(
            "ACADEMY_BASE_URL must be the address users reach the site at, such as "
            f"https://academy.example.org, with no path (got {value!r})"
        )
    return value
