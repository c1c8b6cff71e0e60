"""Ten viewers downloading a members-only video slowly do not stop the site answering.

Where the site streams protected files itself (PROTECTED_MEDIA_DELIVERY=django), the
production settings require threaded gunicorn workers (tests/config/test_settings.py);
this starts that server, as platform/gunicorn.conf.py configures it, on a free port,
opens ten downloads that read a few kilobytes and then stall (a phone on a slow line),
and asks for a page while all ten are still open. A behaviour test with a generous bound,
not a speed benchmark: with sync workers the page waits until a download ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection

from content.demo import ensure_home_page
from tests.factories import member
from tests.support.services import broker_url, require_postgresql
from tests.support.signin import sign_in
from tests.webinars import factories

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
VIDEO_SIZE = 32 * 1024 * 1024  # far more than the socket buffers between reader and server
READERS = 10
PAGE_BOUND_SECONDS = 10


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("gunicorn exited: " + (server.stderr.read() if server.stderr else ""))
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail("gunicorn did not answer within 60 s")


@pytest.fixture
def threaded_site(tmp_path):
    """gunicorn with the project's configuration in "django" delivery mode: 2 workers with
    16 threads each, on the test database."""
    require_postgresql()
    redis_url = broker_url()
    db = connection.settings_dict
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # the test client's sessions are signed so
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": "",
        "REDIS_CACHE_URL": redis_url,
        "ACADEMY_TRUSTED_PROXY_COUNT": "0",
        "ACADEMY_BASE_URL": "http://127.0.0.1",
        "DEFAULT_FROM_EMAIL": "Academy <academy@example.org>",
        "ACADEMY_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ACADEMY_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "PROTECTED_MEDIA_DELIVERY": "django",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "16",
        "GUNICORN_ACCESSLOG": "/dev/null",
        "GUNICORN_LOGLEVEL": "warning",
        "ACADEMY_VAR_DIR": str(tmp_path),  # production serves the collected, hashed static
    }
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stderr
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--config",
            "platform/gunicorn.conf.py",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(port, server)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def site_tree():
    """The tree root, root collection, home page and site a recording needs: a transactional
    test that ran before this one emptied every table, Wagtail's own rows included."""
    ensure_home_page()
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


def _slow_reader(port: int, path: str, cookie: str) -> tuple[socket.socket, bytes]:
    """A download that reads its first few kilobytes and then stops reading."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(20)
    sock.connect(("127.0.0.1", port))
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\r\n".encode())
    return sock, sock.recv(4096)


def test_ten_slow_video_readers_do_not_block_a_page_request(site_tree, threaded_site):
    viewer = member()
    recording = factories.recording(access="members", video=b"\x00" * VIDEO_SIZE)
    client = Client()
    sign_in(client, viewer)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    video = reverse("webinars-video", args=[recording.pk])

    readers = [_slow_reader(threaded_site, video, cookie) for _ in range(READERS)]
    try:
        for _sock, first in readers:
            assert first.startswith(b"HTTP/1.1 200"), first[:200]
            assert f"Content-Length: {VIDEO_SIZE}".encode() in first
        time.sleep(1)  # the server fills what the stalled readers' buffers take, then waits

        started = time.monotonic()
        with urllib.request.urlopen(
            f"http://127.0.0.1:{threaded_site}{recording.url}", timeout=PAGE_BOUND_SECONDS
        ) as page:
            body = page.read().decode()
        elapsed = time.monotonic() - started
        assert page.status == 200 and recording.title in body
        assert elapsed < PAGE_BOUND_SECONDS

        # The ten downloads were still open, mid-file, while the page was answered.
        for sock, _first in readers:
            sock.settimeout(5)
            assert sock.recv(4096)  # more bytes come when the reader reads again
    finally:
        for sock, _first in readers:
            sock.close()
