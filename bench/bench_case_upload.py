"""Benchmark: the web request's part of a case upload, heavy file vs a normal case.

The heavy file is issue 10 item 13's: a real case padded to ~9 MB with ~900,000 private
elements. The request does `check_case_file(..., in_request=True)`: for a normal case the
whole check (and de-identification); for the heavy one, counting elements up to the
request budget and handing over to Celery. Also timed: what a full pydicom read of the
heavy file costs (the work the request no longer does).

Run: .venv/bin/python bench/bench_case_upload.py   (needs Django settings: uses the test ones)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import contextlib
import io
import statistics
import time

import django

django.setup()

import pydicom  # noqa: E402

from courses.exercises.services.cases import TooHeavyForARequest, check_case_file  # noqa: E402
from reporting.generate import generate_cases  # noqa: E402
from tests.support.hostile_sr import heavy, hostile, to_bytes  # noqa: E402


def timed(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def in_request(data: bytes) -> None:
    with contextlib.suppress(TooHeavyForARequest):
        check_case_file(data=data, deidentify=True, in_request=True)


def main() -> None:
    base = to_bytes(generate_cases("carotid", 1, 7)[0].dataset)
    normal = to_bytes(hostile(base, "nested sequences")[0])
    padded = heavy(base, 900_000)
    normal_s = timed(lambda: in_request(normal), 20)
    heavy_s = timed(lambda: in_request(padded), 5)
    full_s = timed(lambda: pydicom.dcmread(io.BytesIO(padded)), 1)
    print(f"normal case {len(normal)} bytes; heavy {len(padded) / 2**20:.1f} MB")
    print(f"request, normal case (full check + de-identification)  {normal_s * 1000:8.1f} ms")
    print(f"request, heavy file (count to budget, hand to Celery)   {heavy_s * 1000:8.1f} ms")
    print(f"full pydicom read of the heavy file (not in a request) {full_s * 1000:8.1f} ms")
    print(f"ratio heavy / normal request: {heavy_s / normal_s:.2f}x")


if __name__ == "__main__":
    main()
