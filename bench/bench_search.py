"""Benchmark: site search when 50 and when 2,000 pages (and transcript cues) match.

Issue 17 item 3: 2,000 matching pages must answer within 1.5x of 50 matching pages.
Runs in one process with the Django test client against the configured database (use
PostgreSQL: the full-text index is what is measured), in the same run:

    DATABASE_URL=postgres://.../academy_bench .venv/bin/python bench/bench_search.py [seconds]

It adds throw-away pages under a "bench-search" page (and one recording with as many
transcript cues), all containing a word nothing else contains, measures `/search/?q=word`
with 50 of them, adds 1,950 more, measures again, and removes them at the end. The
trivial view `/_baseline` is measured before each case, so the ratios hold on a busy
machine too.
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

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 4.0
WORD = "zygapophysis"  # a word no demo page uses
FILLER = (
    "Structured reporting turns free text into data a department can count. "
    "Templates in IHE MRRT carry coded fields; DICOM SR carries the measurements. "
) * 12


def timings(client: Client, url: str) -> tuple[float, int]:
    """Median milliseconds per request over SECONDS, and the queries of one request."""
    for _ in range(3):
        assert client.get(url, HTTP_HOST="localhost").status_code == 200, url
    queries: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(url, HTTP_HOST="localhost")
    samples: list[float] = []
    start = time.perf_counter()
    while time.perf_counter() - start < SECONDS or len(samples) < 5:
        t0 = time.perf_counter()
        client.get(url, HTTP_HOST="localhost")
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), len(queries)


def add_pages(parent, start: int, stop: int) -> None:
    from content.models import StandardPage

    for n in range(start, stop):
        parent.add_child(
            instance=StandardPage(
                title=f"Bench page {n}",
                slug=f"bench-{n}",
                introduction=f"Page {n} about the {WORD}.",
                body=[("paragraph", f"<p>{FILLER} The {WORD} again, page {n}.</p>")],
            )
        )


def add_cues(recording, start: int, stop: int) -> None:
    from content.webinars import services
    from content.webinars.models import TranscriptCue

    TranscriptCue.objects.bulk_create(
        TranscriptCue(
            recording=recording,
            start=float(n * 5),
            end=float(n * 5 + 4),
            text=f"Cue {n}: the {WORD} is where the facet joint sits.",
        )
        for n in range(start, stop)
    )
    refresh = getattr(services, "refresh_transcript_index", None)
    if refresh is not None:  # the indexed search keeps a search vector per cue
        refresh(recording)


def main() -> None:
    from wagtail.models import Page, Site

    from content.models import StandardPage
    from content.webinars.models import RecordingPage, WebinarIndexPage

    root = Site.objects.get(is_default_site=True).root_page
    Page.objects.filter(slug="bench-search").delete()
    RecordingPage.objects.filter(slug="bench-search-recording").delete()
    parent = root.add_child(instance=StandardPage(title="Bench search", slug="bench-search"))
    webinars = WebinarIndexPage.objects.first()
    recording = None
    if webinars is not None:
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
    url = f"/search/?q={WORD}"
    print(f"Database: {connection.vendor}; {SECONDS:.0f} s per case; Django test client")
    rows = []
    try:
        for size, previous in ((50, 0), (2000, 50)):
            add_pages(parent, previous, size)
            if recording is not None:
                add_cues(recording, previous, size)
            base_ms, _ = timings(client, "/_baseline")
            page_ms, queries = timings(client, url)
            rows.append((size, base_ms, page_ms, queries))
            print(
                f"{size:5d} matching pages and cues: search {page_ms:8.2f} ms median, "
                f"{queries} queries; baseline {base_ms:6.3f} ms"
            )
    finally:
        Page.objects.filter(slug="bench-search").delete()
        if recording is not None:
            RecordingPage.objects.filter(pk=recording.pk).delete()
    (small, base_small, ms_small, _), (large, base_large, ms_large, _) = rows
    print(
        f"{large} vs {small}: {ms_large / ms_small:.2f}x the time "
        f"(baseline moved {base_large / base_small:.2f}x in the same run); target within 1.5x"
    )


if __name__ == "__main__":
    main()
