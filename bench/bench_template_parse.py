"""Time ``parse_template`` on each shipped MRRT template against a bare lxml parse.

Plain script, not a test:  .venv/bin/python bench/bench_template_parse.py [RUNS]

For each template: median wall time of ``parse_template(bytes)`` over RUNS runs, the
median of ``lxml.html.fromstring`` on the same bytes in the same run (the floor: our
parser does that parse plus a second pass over the attributes and the body), and the
ratio between them.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reporting.mrrt import parse_template, shipped_template_ids, shipped_template_path  # noqa: E402


def median_seconds(function, data: bytes, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(f"{'template':<24} {'bytes':>7} {'parse ms':>9} {'lxml ms':>8} {'ratio':>6}")
    for template_id in shipped_template_ids():
        data = shipped_template_path(template_id).read_bytes()
        parse_template(data)  # warm up imports and caches
        ours = median_seconds(parse_template, data, runs)
        floor = median_seconds(lxml.html.fromstring, data, runs)
        print(
            f"{template_id:<24} {len(data):>7} {ours * 1e3:>9.3f} {floor * 1e3:>8.3f} "
            f"{ours / floor:>6.1f}"
        )
    print(f"(median of {runs} runs each, Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
