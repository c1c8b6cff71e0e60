"""Benchmark: grading a 40-field report with a precompiled key (target: median < 1 ms).

Run: .venv/bin/python bench/bench_grading.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

import statistics
import time

from reporting.grading import compile_key, grade

RUNS = 5000


def build_key() -> dict:
    fields: dict = {}
    for i in range(10):
        fields[f"num_{i}"] = {
            "expected": 100.0 + i,
            "comparator": "number",
            "unit": "cm/s",
            "tolerance": {"abs": 5},
        }
        fields[f"coded_{i}"] = {
            "expected": "ge70",
            "comparator": "coded",
            "synonyms": ["severe", ">=70%"],
        }
        fields[f"derived_{i}"] = {
            "expected": "TR4",
            "comparator": "derived",
            "weight": 2,
            "rule": "acr-tirads-2017/level",
        }
    for i in range(8):
        fields[f"multi_{i}"] = {
            "expected": ["punctate", "macrocalcifications"],
            "comparator": "multi",
        }
    fields["impression"] = {
        "expected": "",
        "comparator": "keywords",
        "weight": 2,
        "keywords": [
            {"any": ["stenosis"], "negated": False},
            {"any": ["plaque"], "negated": True},
            {"any": ["occlusion", "occluded"], "negated": True},
        ],
    }
    fields["clinical_info"] = {"expected": "TIA", "comparator": "text", "required": False}
    return {"template": "bench", "pass_mark": 0.7, "fields": fields}


def build_report() -> dict:
    values: dict = {}
    for i in range(10):
        values[f"num_{i}"] = {"value": 1.0 + i / 100, "unit": "m/s"}
        values[f"coded_{i}"] = "Severe"
        values[f"derived_{i}"] = "TR4"
    for i in range(8):
        values[f"multi_{i}"] = ["punctate", "peripheral"]
    values["impression"] = (
        "Right ICA: severe stenosis of 70-99%, no plaque ulceration. Left ICA without occlusion."
    )
    values["clinical_info"] = "Transient ischaemic attack"
    return values


def timed(fn, *args) -> list[float]:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter_ns()
        fn(*args)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def summary(name: str, samples: list[float]) -> float:
    samples = sorted(samples)
    median = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95)]
    print(f"{name:<28} median {median * 1000:8.1f} us   p95 {p95 * 1000:8.1f} us")
    return median


def main() -> None:
    key, report = build_key(), build_report()
    assert len(key["fields"]) == 40
    compiled = compile_key(key)
    grade(compiled, report)  # warm caches (regex compilation)
    base = summary("baseline (dict copy)", timed(lambda r: dict(r), report))
    pre = summary("grade, precompiled key", timed(grade, compiled, report))
    raw = summary("grade, key compiled per call", timed(grade, key, report))
    print(
        f"ratio precompiled/baseline: {pre / base:.0f}x; per-call compile adds "
        f"{(raw - pre) * 1000:.1f} us; target median < 1000 us: "
        f"{'met' if pre < 1.0 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
