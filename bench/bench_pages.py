"""Benchmark: requests/second of an uncached lesson page and course page vs the trivial view.

Runs in one process with the Django test client against the configured database (the
embedded SQLite default, or DATABASE_URL if set). It needs the demo content:

    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python bench/bench_pages.py [seconds-per-case]

Signed-in runs use a throw-away resident enrolled in the demo course (created once).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.test import Client  # noqa: E402

logging.disable(logging.WARNING)

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0


def rate(client: Client, url: str) -> float:
    for _ in range(5):  # warm up
        assert client.get(url, HTTP_HOST="localhost").status_code == 200, url
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        client.get(url, HTTP_HOST="localhost")
        n += 1
    return n / (time.perf_counter() - start)


def main() -> None:
    from demo_learner import demo_course_lesson_and_learner

    course, lesson, user = demo_course_lesson_and_learner()

    anonymous, signed_in = Client(), Client()
    signed_in.force_login(user)
    cases = [
        ("baseline /_baseline (anonymous)", anonymous, "/_baseline"),
        ("course page (anonymous, cached)", anonymous, course.url),
        ("course page (signed in)", signed_in, course.url),
        ("lesson page with quiz (anonymous)", anonymous, lesson.url),
        ("lesson page with quiz (signed in)", signed_in, lesson.url),
    ]
    db = django.db.connection.vendor
    print(f"Database: {db}; {SECONDS:.0f} s per case; Django test client, one process")
    baseline = None
    for label, client, url in cases:
        r = rate(client, url)
        baseline = baseline or r
        print(f"{label:38s} {r:9.1f} req/s   ratio to baseline {baseline / r:6.1f}x slower")


if __name__ == "__main__":
    main()
