"""With the database unreachable, visitors get a friendly 503 page, never a traceback."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def _redis_cache_url() -> str:
    """Production requires the shared Redis cache; the database is the only thing down."""
    from urllib.parse import urlsplit

    from tests.support.services import missing

    url = os.environ.get("REDIS_CACHE_URL") or os.environ.get("CELERY_BROKER_URL") or ""
    if not url:
        missing("neither REDIS_CACHE_URL nor CELERY_BROKER_URL is set: production needs Redis")
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=1).close()
    except OSError:
        missing(f"no Redis answers at {parts.hostname}:{parts.port or 6379}")
    return url


@pytest.fixture
def site_without_database():
    redis_url = _redis_cache_url()
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "database-down-test-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        # A PostgreSQL address where nothing listens: the database is "down".
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{_free_port()}/academy",
        "CELERY_BROKER_URL": "",
        "REDIS_CACHE_URL": redis_url,
        "ACADEMY_TRUSTED_PROXY_COUNT": "0",
        "ACADEMY_BASE_URL": "http://127.0.0.1",
        "DEFAULT_FROM_EMAIL": "Academy <academy@example.org>",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=20)


def test_pages_answer_503_with_a_friendly_message(site_without_database):
    status, body, headers = _get(site_without_database + "/")
    assert status == 503
    assert "briefly unavailable" in body
    assert "Traceback" not in body
    assert headers.get("Retry-After") == "60"


def test_health_check_reports_the_database_down(site_without_database):
    status, body, _ = _get(site_without_database + "/healthz")
    assert status == 503
    assert '"database": {"ok": false' in body
