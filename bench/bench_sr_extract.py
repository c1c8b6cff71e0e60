"""Benchmark: read_case on a generated carotid SR vs a bare pydicom.dcmread.

One reading path (pydicom). SR files are read once, at upload; keys and grading use the
stored extraction, so this cost is paid once per case, never per graded report.

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
from reporting.sr import Case, read_case

RUNS = 500


def timed(fn, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(samples)


def main() -> None:
    buffer = io.BytesIO()
    generate_cases("carotid", 1, 1)[0].dataset.save_as(buffer, enforce_file_format=True)
    data = buffer.getvalue()
    case = read_case(data)
    assert isinstance(case, Case)
    bare = timed(lambda: pydicom.dcmread(io.BytesIO(data)))
    full = timed(lambda: pydicom.dcmread(io.BytesIO(data)).walk(lambda ds, el: None), 100)
    ours = timed(lambda: read_case(data), 100)
    stored = case.as_dict(tree=True)
    back = timed(lambda: Case.from_dict(stored))
    print(f"file size {len(data)} bytes; median of {RUNS} runs (100 for the slow rows)")
    print(f"pydicom.dcmread (lazy)                 median {bare * 1000:8.1f} us")
    print(f"pydicom.dcmread + walk all             median {full * 1000:8.1f} us")
    print(f"read_case (once, at upload)            median {ours * 1000:8.1f} us")
    print(f"Case.from_dict (stored extraction)     median {back * 1000:8.1f} us")
    print(f"ratio read_case / dcmread: {ours / bare:.2f}x")


if __name__ == "__main__":
    main()
