"""A real Celery worker on the Redis broker runs the site's tasks end to end."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.services import broker_url

pytestmark = pytest.mark.services
ROOT = Path(__file__).resolve().parents[2]


QUEUE = f"config-test-{os.getpid()}"


@pytest.fixture
def celery_worker_process():
    url = broker_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "CELERY_BROKER_URL": url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # A queue of its own: no other worker takes the task, and the tasks this worker
        # sends itself at start are not left behind for others.
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            QUEUE,
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def test_an_account_email_task_runs_on_a_real_worker(celery_worker_process):
    from config.celery_app import app
    from members.tasks import send_email

    url = broker_url()
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        result = send_email.apply_async(
            ("Welcome", "Hello from the worker", "a@example.org", ["b@example.org"]),
            queue=QUEUE,
        )
        deadline = time.monotonic() + 60
        while not result.ready() and time.monotonic() < deadline:
            time.sleep(0.2)
        if not result.ready():
            celery_worker_process.terminate()
            output = celery_worker_process.communicate(timeout=20)[0]
            pytest.fail(f"the worker did not run the task within 60 s; it said:\n{output}")
        assert result.successful(), result.traceback
        assert result.get(timeout=1) == 1  # one message handed to the email backend
    finally:
        app.conf.update(task_always_eager=True)
