"""Load generator for the production-like stack (a separate process from the server).

Standard library only. Loopback targets only: any --base that is not 127.0.0.1, ::1 or
localhost is refused. Every loop is bounded in time (and the scenario in count as well).

    python bench/load/loadgen.py saturate --duration 20 --connections 24
    python bench/load/loadgen.py scenario --users 100 --duration 300
    python bench/load/loadgen.py submit   --duration 20 --connections 8
    python bench/load/loadgen.py all      # saturate + submit + scenario

Options common to all: --base http://127.0.0.1:8100, --targets bench/out/targets.json
(written by setup_bench.py), --json OUT (results file), --label TEXT, --tool auto|wrk|python.

saturate: for each page (baseline /_baseline, home, course, lesson with quiz, recording),
anonymous and signed in, a warm-up then a fixed-duration closed loop with N connections;
with wrk installed (`--tool auto`) wrk drives the GETs (C, light on the shared 2 cores),
otherwise Python threads do. Reports req/s, p50/p95/p99, errors (non-2xx/3xx statuses and
socket errors) and the ratio to the trivial view of the same run.

submit: the exercise flow, signed in, one user per connection: GET the case workspace
(CSRF token), GET transfer.json (the measured values), POST the report with
action=confirm_submit (the confirmed submit; expects 302 to the submission). Latency is
reported per step.

scenario: U virtual users, each waiting an exponential think time (mean 2 s) between
requests; 60 % are signed-in learners (lesson 50 %, course 20 %, recording 20 %, home 10 %),
40 % anonymous visitors (home 40 %, course 40 %, recording 20 %). p50/p95/p99 per page."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
import urllib.parse
from pathlib import Path

import load_measure
from load_measure import LOOPBACK
from load_modes import (
    saturate,
    scenario,
    submit,
)

# --- output -----------------------------------------------------------------------------


def fmt(x) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,}"


def markdown(result: dict) -> str:
    lines = [f"### {result['label']} ({result['started']})", ""]
    if result.get("saturate"):
        s = result["saturate"]
        lines += [
            f"Saturation: {s['connections']} connections, {s['duration_s']:g} s per case after a "
            f"{s['warmup_s']:g} s warm-up, driven by {s['tool']}.",
            "",
            "| page | visitor | req/s | p50 ms | p95 ms | p99 ms | errors | baseline ÷ page "
            "| stack CPU ms/req | stack cores | machine busy | load avg |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in s["cases"]:
            lines.append(
                f"| {r['page']} `{r['path']}` | {r['auth']} | {fmt(r['rps'])} | {fmt(r['p50_ms'])} "
                f"| {fmt(r['p95_ms'])} | {fmt(r['p99_ms'])} "
                f"| {r['errors_status'] + r['errors_socket']} | {r['ratio_to_baseline']}x "
                f"| {fmt(r.get('server_cpu_ms_per_req'))} | {fmt(r.get('server_cores'))} "
                f"| {r['machine_cpu_busy']:.0%} | {r['loadavg_1m']} |"
            )
        lines.append("")
    if result.get("submit"):
        s = result["submit"]
        lines += [
            f"Exercise submissions: {s['connections']} signed-in users back to back for "
            f"{s['duration_s']:g} s: **{s['submitted']} submitted** "
            f"({s['submissions_per_s']}/s), machine CPU busy {s['machine_cpu_busy']:.0%}, "
            f"stack {s.get('server_cores', '?')} cores, load average {s['loadavg_1m']}.",
            "",
            "| step | requests | p50 ms | p95 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for step, r in s["steps"].items():
            lines.append(
                f"| {step} | {r['requests']} | {fmt(r['p50_ms'])} | {fmt(r['p95_ms'])} "
                f"| {fmt(r['p99_ms'])} | {r['errors_status'] + r['errors_socket']} |"
            )
        if s["problems"]:
            lines.append(f"\nProblems: {s['problems']}")
        lines.append("")
    if result.get("scenario"):
        s = result["scenario"]
        lines += [
            f"Scenario: {s['users']} users, exponential think time (mean {s['think_s']:g} s), "
            f"{s['duration_s']:g} s: {s['requests']:,} requests ({s['rps']} req/s), "
            f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, p99 {s['p99_ms']} ms, "
            f"**{s['errors']} errors**; machine CPU busy {s['machine_cpu_busy']:.0%}, stack "
            f"{s.get('server_cores', '?')} cores, load average {s['loadavg_1m']} at the end.",
            "",
            "| page | visitor | requests | p50 ms | p95 ms | p99 ms | max ms | errors |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for key, r in s["per_page"].items():
            page, auth = key.split("|")
            lines.append(
                f"| {page} | {auth} | {r['requests']:,} | {fmt(r['p50_ms'])} | {fmt(r['p95_ms'])} "
                f"| {fmt(r['p99_ms'])} | {fmt(r['max_ms'])} "
                f"| {r['errors_status'] + r['errors_socket']} |"
            )
        lesson = s["per_page"].get("lesson|signed in")
        if lesson:
            ok = lesson["p95_ms"] < 150 and s["errors"] == 0
            lines.append(
                f"\nTarget (zero errors, signed-in lesson p95 < 150 ms, issue 17): "
                f"{'**met**' if ok else '**missed**'} (lesson p95 {lesson['p95_ms']} ms, "
                f"{s['errors']} errors)."
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["saturate", "submit", "scenario", "all"])
    parser.add_argument("--base", default="http://127.0.0.1:8100")
    parser.add_argument("--targets", default="bench/out/targets.json")
    parser.add_argument("--json", default=None)
    parser.add_argument("--label", default="")
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--duration", type=float, default=None,
                        help="seconds per saturation case / submit run / scenario")  # fmt: skip
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=24)
    parser.add_argument("--submitters", type=int, default=8)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--scenario-duration", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--server-pid", type=int, default=None,
                        help="gunicorn master PID: measure the stack's own CPU")  # fmt: skip
    args = parser.parse_args()
    load_measure.SERVER_PID = args.server_pid

    host = urllib.parse.urlsplit(args.base).hostname
    if host not in LOOPBACK:
        sys.exit(f"refusing to load {host}: loopback addresses only")
    duration = args.duration
    args.duration = min(duration or 20.0, 600.0)
    targets = json.loads(Path(args.targets).read_text())
    result = {
        "label": args.label or args.mode,
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "base": args.base,
        "command": " ".join(sys.argv),
        "python": sys.version.split()[0],
        "cores": os.cpu_count(),
    }
    if args.mode in ("saturate", "all"):
        print(f"saturation, {args.connections} connections, {args.duration:g} s per case",
              file=sys.stderr)  # fmt: skip
        cases, tool = saturate(args, targets)
        result["saturate"] = {
            "tool": tool,
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "cases": cases,
        }
    if args.mode in ("submit", "all"):
        print(f"submissions, {args.submitters} users, {args.duration:g} s", file=sys.stderr)
        result["submit"] = submit(args, targets)
    if args.mode in ("scenario", "all"):
        if args.mode == "scenario" and duration:
            args.scenario_duration = duration
        args.duration = min(args.scenario_duration, 900.0)
        print(f"scenario, {args.users} users, {args.duration:g} s", file=sys.stderr)
        result["scenario"] = scenario(args, targets)
    print(markdown(result))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2))
        print(f"results written to {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
