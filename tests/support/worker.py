"""A real Celery worker for a test, on a queue of its own, and a broker that is down.

The worker is a subprocess on the test's own PostgreSQL database (use it from tests
marked ``django_db(transaction=True)``, so that what the test writes is committed and
visible to it). Every task the test process sends, and every task the worker sends itself
(an ``outbox.flush`` at start, say), goes to the test's queue, so no other worker on the
same Redis can take them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.support.services import broker_url, require_postgresql

ROOT = Path(__file__).resolve().parents[2]
# Nothing listens on the discard port: connecting is refused at once, as with a stopped Redis.
DEAD_BROKER = "redis://127.0.0.1:9/0"
TASK_PREFIXES = ("outbox", "exercises", "members", "courses", "webinars")


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def use_broker(url: str | None) -> None:
    """Publish to another broker from the test process (None: back to the usual one).

    `broker_write_url` because the CELERY_BROKER_URL environment variable outranks
    `broker_url` in Celery's settings; the cached pools are dropped so that the next
    publish really opens a connection there."""
    from config.celery_app import app

    app.conf.broker_write_url = url
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_down():
    """The web side's broker is unreachable for the duration."""
    use_broker(DEAD_BROKER)
    try:
        yield
    finally:
        use_broker(None)


@pytest.fixture
def worker_queue():
    """Tasks of the test process go to a fresh queue, through the real broker."""
    require_postgresql()
    url = broker_url()
    from config.celery_app import app

    name = f"test-{uuid.uuid4().hex[:8]}"
    saved = (app.conf.task_routes, app.conf.task_always_eager, app.conf.broker_url)
    app.conf.update(
        broker_url=url,
        task_always_eager=False,
        task_routes={f"{prefix}.*": {"queue": name} for prefix in TASK_PREFIXES},
    )
    yield name
    app.conf.update(task_routes=saved[0], task_always_eager=saved[1], broker_url=saved[2])


@pytest.fixture
def start_worker(worker_queue, tmp_path):
    """``start(beat=False, **env)`` starts a worker on the test's queue (with beat: the
    schedule runs in it too); all are stopped at the end.
    Emails the worker sends are files in ``start.mail_dir``."""
    workers: list[subprocess.Popen] = []
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    def start(*, beat: bool = False, **extra_env: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_TASK_DEFAULT_QUEUE": worker_queue,
            "ACADEMY_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "DJANGO_LOG_LEVEL": "WARNING",
            **extra_env,
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                worker_queue,
                "--loglevel=INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{worker_queue}-{len(workers)}@%h",
                # The schedule runs inside this worker (celery beat), its state in tmp.
                *(["-B", "-s", str(tmp_path / f"beat-{len(workers)}")] if beat else []),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # own process group: a test can kill it whole
        )
        workers.append(worker)
        return worker

    start.mail_dir = mail_dir
    start.workers = workers
    yield start
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)


def wait_for(predicate, timeout: float, worker: subprocess.Popen, what: str) -> float:
    """Poll until predicate() is true; returns the seconds it took (fails with the
    worker's output otherwise)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.2)
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
    output = worker.communicate(timeout=20)[0]
    pytest.fail(f"{what} did not happen within {timeout} s; the worker said:\n{output[-4000:]}")
    raise AssertionError("unreachable")


def mails_to(mail_dir: Path, address: str) -> list[str]:
    """The emails the worker wrote for this recipient (file backend: one file each)."""
    found = []
    for path in sorted(mail_dir.iterdir()):
        text = path.read_text(errors="replace")
        if f"To: {address}" in text:
            found.append(text)
    return found
