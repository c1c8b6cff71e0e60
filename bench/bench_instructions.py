"""Benchmark: CPU instructions per request (valgrind's callgrind), against the trivial view.

Instruction counts do not move with the machine's load, so the ratios this prints are
the same on a busy machine as on an idle one (within about 1 %); times are not. It runs
one Python process under `valgrind --tool=callgrind` with instrumentation off, and turns
it on only around each measured batch of requests (client requests from a tiny C helper,
compiled here with gcc against valgrind's callgrind.h), so Django's start-up and the
warm-up requests are not counted.

    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python bench/bench_instructions.py [requests-per-case]

It uses the configured database (the embedded SQLite default, or DATABASE_URL). With
SQLite the database's own work runs in the process and is counted; with PostgreSQL only
the Django side is (the server is another process), so compare ratios within one kind.
Needs valgrind, gcc and valgrind's headers (Debian: valgrind, gcc).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELPER_SOURCE = r"""
#include <valgrind/callgrind.h>
void academy_cg_begin(void) { CALLGRIND_START_INSTRUMENTATION; CALLGRIND_ZERO_STATS; }
void academy_cg_end(const char *label) {
    CALLGRIND_DUMP_STATS_AT(label);
    CALLGRIND_STOP_INSTRUMENTATION;
}
"""
WARM_UP = 3


def _helper(directory: Path) -> Path:
    source, library = directory / "cgmark.c", directory / "cgmark.so"
    source.write_text(HELPER_SOURCE)
    subprocess.run(["gcc", "-O1", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    return library


def _cases():
    """(label, visitor, url) of every measured case, built from the demo content."""
    from demo_learner import demo_course_lesson_and_learner

    course, lesson, user = demo_course_lesson_and_learner()
    return user, [
        ("trivial view /_baseline", "anonymous", "/_baseline"),
        ("trivial view /_baseline", "signed in", "/_baseline"),
        ("lesson page with quiz", "anonymous", lesson.url),
        ("lesson page with quiz", "signed in", lesson.url),
        ("course page", "anonymous", course.url),
        ("course page", "signed in", course.url),
        ("home page", "signed in", "/"),
        ("curriculum", "signed in", "/curriculum/"),
    ]


def child(requests: int, library: str) -> None:
    """Inside valgrind: warm each case up, then count `requests` of it."""
    import ctypes
    import gc

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    import logging

    from django.test import Client

    logging.disable(logging.WARNING)
    marks = ctypes.CDLL(library)
    user, cases = _cases()
    clients = {"anonymous": Client(), "signed in": Client()}
    clients["signed in"].force_login(user)
    for _label, visitor, url in cases:
        for _ in range(WARM_UP):
            status = clients[visitor].get(url, HTTP_HOST="localhost").status_code
            assert status == 200, (url, status)
    # Start-up leaves a large heap; without this, whichever batch happens to trigger the
    # first full collection pays for all of it.
    gc.collect()
    gc.freeze()
    for label, visitor, url in cases:
        client = clients[visitor]
        client.get(url, HTTP_HOST="localhost")
        marks.academy_cg_begin()
        for _ in range(requests):
            client.get(url, HTTP_HOST="localhost")
        marks.academy_cg_end(f"{label}|{visitor}|{url}|{requests}".encode())


def _read_dumps(directory: Path) -> list[tuple[str, str, str, float]]:
    rows = []
    for dump in sorted(directory.glob("callgrind.out.*"), key=lambda p: p.stat().st_mtime):
        text = dump.read_text(errors="replace")
        trigger = re.search(r"^desc: Trigger: Client Request: (.*)$", text, re.M)
        summary = re.search(r"^summary: (\d+)", text, re.M) or re.search(
            r"^totals: (\d+)", text, re.M
        )
        if not trigger or not summary:
            continue
        label, visitor, url, requests = trigger.group(1).rsplit("|", 3)
        rows.append((label, visitor, url, int(summary.group(1)) / int(requests)))
    return rows


def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory(prefix="academy-callgrind-") as tmp:
        directory = Path(tmp)
        library = _helper(directory)
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={directory / 'callgrind.out'}",
                sys.executable,
                __file__,
                "--child",
                str(requests),
                str(library),
            ],
            check=True,
            env=env,
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        rows = _read_dumps(directory)
    baseline = {visitor: ir for label, visitor, _url, ir in rows if label.startswith("trivial")}
    print(f"callgrind, {requests} requests per case after {WARM_UP} warm-up requests")
    print(f"{'page':28s} {'visitor':10s} {'instructions/request':>22s} {'vs trivial':>11s}")
    for label, visitor, _url, ir in rows:
        print(f"{label:28s} {visitor:10s} {ir:22,.0f} {ir / baseline[visitor]:10.1f}x")
    anonymous_trivial = baseline.get("anonymous")
    for label, visitor, _url, ir in rows:
        if label.startswith("lesson") and visitor == "signed in" and anonymous_trivial:
            print(f"signed-in lesson vs anonymous trivial view: {ir / anonymous_trivial:.1f}x")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), sys.argv[3])
    else:
        main()
