"""Benchmark: read_case on a generated carotid SR vs a bare pydicom.dcmread (target < 3x).

Run: .venv/bin/python bench/bench_sr_extract.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

import io
import statistics
import time

import pydicom

from reporting.generate import generate_cases
from reporting.sr import read_case

RUNS = 500


def timed(fn) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(samples)


def main() -> None:
    buffer = io.BytesIO()
    generate_cases("carotid", 1, 1)[0].dataset.save_as(buffer, enforce_file_format=True)
    data = buffer.getvalue()
    read_case(data)
    bare = timed(lambda: pydicom.dcmread(io.BytesIO(data)))
    full = timed(lambda: pydicom.dcmread(io.BytesIO(data)).walk(lambda ds, el: None))
    ours = timed(lambda: read_case(data))
    print(f"file size {len(data)} bytes")
    print(f"pydicom.dcmread (lazy)         median {bare * 1000:8.1f} us")
    print(f"pydicom.dcmread + walk all     median {full * 1000:8.1f} us")
    print(f"read_case                      median {ours * 1000:8.1f} us")
    print(
        f"ratio read_case / dcmread: {ours / bare:.2f}x (target < 3x); "
        f"vs dcmread+walk: {ours / full:.2f}x"
    )


if __name__ == "__main__":
    main()
