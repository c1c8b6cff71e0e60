"""Benchmark: site search when 50 and when 2,000 pages (and transcript cues) match.

Issue 17 item 3: 2,000 matching pages must answer within 1.5x of 50 matching pages.
Runs in one process with the Django test client against the configured database (use
PostgreSQL: the full-text indexes are what is measured):

    DJANGO_DEBUG=false .venv/bin/python bench/bench_search.py [seconds]

It adds 2,000 throw-away pages under a "bench-search" page and one public recording with
2,000 transcript cues. The first 50 pages and cues hold SMALL_WORD, all 2,000 hold
LARGE_WORD, no other page holds either. Statistics are refreshed (ANALYZE, as autovacuum
would), then the two searches and the trivial view `/_baseline` are measured in turn,
request by request, so that a busy machine slows them alike; medians are compared.
Everything is removed at the end.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

logging.disable(logging.WARNING)

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
SIZES = (50, 2000)
SMALL_WORD, LARGE_WORD = "zygapophysis", "glenohumeral"  # words no demo page uses
FILLER = (
    "Structured reporting turns free text into data a department can count. "
    "Templates in IHE MRRT carry coded fields; DICOM SR carries the measurements. "
) * 12


def _words(n: int) -> str:
    return f"{SMALL_WORD} {LARGE_WORD}" if n < SIZES[0] else LARGE_WORD


def add_pages(parent, count: int) -> None:
    from content.models import StandardPage

    for n in range(count):
        parent.add_child(
            instance=StandardPage(
                title=f"Bench page {n}",
                slug=f"bench-{n}",
                introduction=f"Page {n} about the {_words(n)}.",
                body=[("paragraph", f"<p>{FILLER} Page {n}.</p>")],
            )
        )


def add_cues(recording, count: int) -> None:
    from content.webinars.models import TranscriptCue

    TranscriptCue.objects.bulk_create(
        TranscriptCue(
            recording=recording,
            start=float(n * 5),
            end=float(n * 5 + 4),
            text=f"Cue {n}: the {_words(n)} joint.",
        )
        for n in range(count)
    )


def queries_of(client: Client, url: str) -> int:
    seen: list[str] = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url, HTTP_HOST="localhost").status_code == 200, url
    return len(seen)


def main() -> None:
    from wagtail.models import Page, Site

    from content.models import StandardPage
    from content.webinars.models import RecordingPage, WebinarIndexPage

    root = Site.objects.get(is_default_site=True).root_page
    Page.objects.filter(slug__in=["bench-search", "bench-search-recording"]).delete()
    parent = root.add_child(instance=StandardPage(title="Bench search", slug="bench-search"))
    webinars = WebinarIndexPage.objects.first()
    if webinars is None:
        sys.exit("Load the demo content first: manage.py load_demo")
    recording = webinars.add_child(
        instance=RecordingPage(
            title="Bench recording",
            slug="bench-search-recording",
            abstract="Bench.",
            recorded_on=datetime.date(2024, 1, 1),
            access="public",
        )
    )
    client = Client()
    urls = {
        "baseline": "/_baseline",
        SIZES[0]: f"/search/?q={SMALL_WORD}",
        SIZES[1]: f"/search/?q={LARGE_WORD}",
    }
    try:
        started = time.perf_counter()
        add_pages(parent, SIZES[1])
        add_cues(recording, SIZES[1])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Built {SIZES[1]} pages and cues in {time.perf_counter() - started:.0f} s")
        print(f"Database: {connection.vendor}; {SECONDS:.0f} s, cases in turn; test client")
        queries = {size: queries_of(client, urls[size]) for size in SIZES}
        for url in urls.values():  # warm up
            for _ in range(3):
                client.get(url, HTTP_HOST="localhost")
        samples: dict = {name: [] for name in urls}
        end = time.perf_counter() + SECONDS
        while time.perf_counter() < end:
            for name, url in urls.items():
                t0 = time.perf_counter()
                client.get(url, HTTP_HOST="localhost")
                samples[name].append((time.perf_counter() - t0) * 1000)
    finally:
        Page.objects.filter(slug__in=["bench-search", "bench-search-recording"]).delete()
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"trivial view /_baseline: {medians['baseline']:8.2f} ms median")
    for size in SIZES:
        print(
            f"{size:5d} matching pages and cues: {medians[size]:8.2f} ms median "
            f"({len(samples[size])} requests), {queries[size]} queries"
        )
    print(
        f"{SIZES[1]} vs {SIZES[0]} matching: {medians[SIZES[1]] / medians[SIZES[0]]:.2f}x "
        "the time (target: within 1.5x)"
    )
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
