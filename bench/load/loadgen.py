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
action=submit (expects 302 to the submission). Latency is reported per step.

scenario: U virtual users, each waiting an exponential think time (mean 2 s) between
requests; 60 % are signed-in learners (lesson 50 %, course 20 %, recording 20 %, home 10 %),
40 % anonymous visitors (home 40 %, course 40 %, recording 20 %). p50/p95/p99 per page.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
HTTP_TIMEOUT = 30.0
UA = "academy-bench-loadgen/1"


# --- measuring --------------------------------------------------------------------------


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list (NaN when empty)."""
    if not sorted_values:
        return math.nan
    k = max(0, min(len(sorted_values) - 1, math.ceil(p / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


SERVER_PID: int | None = None  # gunicorn master, set from --server-pid
SERVER_DB = "academy_bench"  # postgres backends whose command line names this database


def _proc_cpu(pid: int, with_children: bool = False) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if with_children:
        ticks += int(fields[13]) + int(fields[14])  # reaped children (restarted workers)
    return ticks / os.sysconf("SC_CLK_TCK")


def server_cpu_snapshot() -> dict | None:
    """CPU used so far by gunicorn (master incl. reaped workers, live workers) and the bench
    DB's PostgreSQL backends, per PID: the stack's own work, whatever else runs here."""
    if not SERVER_PID:
        return None
    snap = {("master", SERVER_PID): _proc_cpu(SERVER_PID, with_children=True)}
    try:
        children = Path(f"/proc/{SERVER_PID}/task/{SERVER_PID}/children").read_text().split()
    except OSError:
        children = []
    for c in children:
        snap[("worker", int(c))] = _proc_cpu(int(c))
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if cmdline.startswith(b"postgres: ") and SERVER_DB.encode() in cmdline:
                snap[("postgres", int(entry.name))] = _proc_cpu(int(entry.name))
    return snap


def cpu_delta(before: dict, after: dict) -> float:
    """CPU between two snapshots; a process that ended in between loses only its last part
    (a worker's is then counted in the master's reaped-children time)."""
    used = sum(max(0.0, v - before.get(k, 0.0)) for k, v in after.items())
    # A worker recycled in between (max_requests) shows up whole in the master's reaped
    # children time: take off what was already counted for it at the start.
    used -= sum(v for k, v in before.items() if k[0] == "worker" and k not in after)
    return max(0.0, used)


class CpuMeter:
    """Machine-wide CPU busy fraction (from /proc/stat), this process' own CPU, the
    stack's CPU (server_cpu_snapshot) and the load average (other work on the machine)."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.stat0 = self._stat()
        self.self0 = self._self()
        self.server0 = server_cpu_snapshot()

    @staticmethod
    def _stat() -> tuple[int, int]:
        try:
            fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        except OSError:
            return 0, 0
        idle = fields[3] + fields[4]
        return sum(fields) - idle, sum(fields)

    @staticmethod
    def _self() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    def stop(self) -> dict:
        busy1, total1 = self._stat()
        busy0, total0 = self.stat0
        wall = time.perf_counter() - self.t0
        cores = os.cpu_count() or 1
        out = {
            "machine_cpu_busy": round((busy1 - busy0) / max(1, total1 - total0), 3),
            "loadgen_cores": round((self._self() - self.self0) / max(wall, 1e-9), 3),
            "cores": cores,
            "loadavg_1m": round(os.getloadavg()[0], 2),
        }
        server1 = server_cpu_snapshot()
        if server1 is not None and self.server0 is not None:
            used = cpu_delta(self.server0, server1)
            out["server_cpu_s"] = round(used, 2)
            out["server_cores"] = round(used / max(wall, 1e-9), 2)
        return out


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.socket_errors: dict[str, int] = defaultdict(int)
        self.error_samples: list[str] = []

    def ok(self, key: str, seconds: float, status: int) -> None:
        with self.lock:
            self.latencies[key].append(seconds)
            self.statuses[key][status] += 1

    def fail(self, key: str, error: BaseException) -> None:
        with self.lock:
            self.socket_errors[key] += 1
            if len(self.error_samples) < 20:
                self.error_samples.append(f"{key}: {type(error).__name__}: {error}")

    def summary(self, key: str, wall: float | None = None) -> dict:
        lat = sorted(self.latencies.get(key, []))
        statuses = dict(self.statuses.get(key, {}))
        bad_status = sum(n for s, n in statuses.items() if not 200 <= s < 400)
        out = {
            "requests": len(lat),
            "p50_ms": round(percentile(lat, 50) * 1000, 1),
            "p95_ms": round(percentile(lat, 95) * 1000, 1),
            "p99_ms": round(percentile(lat, 99) * 1000, 1),
            "max_ms": round(lat[-1] * 1000, 1) if lat else math.nan,
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "errors_status": bad_status,
            "errors_socket": self.socket_errors.get(key, 0),
        }
        if wall:
            out["rps"] = round(len(lat) / wall, 1)
        return out


# --- HTTP -------------------------------------------------------------------------------


class Client:
    """One keep-alive connection (http.client reconnects when the server closes it)."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.host_header = f"{self.host}:{self.port}"
        self.cookies = dict(cookies or {})
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT)

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        hdrs = {"Host": self.host_header, "User-Agent": UA, "Accept": "text/html"}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        hdrs.update(headers or {})
        try:
            self.conn.request(method, path, body=body, headers=hdrs)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.will_close:
            self.conn.close()
        return response.status, data, response

    def close(self) -> None:
        self.conn.close()


def timed_get(client: Client, rec: Recorder, key: str, path: str) -> int | None:
    start = time.perf_counter()
    try:
        status, _, _ = client.request("GET", path)
    except (OSError, http.client.HTTPException) as error:
        rec.fail(key, error)
        return None
    rec.ok(key, time.perf_counter() - start, status)
    return status


# --- saturation -------------------------------------------------------------------------

WRK_LUA = r"""
local hdrs = {}
init = function(args)
  for i = 1, #args, 2 do hdrs[args[i]] = args[i + 1] end
end
request = function()
  return wrk.format("GET", nil, hdrs)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d,' ..
    ' "max_us": %d, "err_connect": %d, "err_read": %d, "err_write": %d, "err_status": %d,' ..
    ' "err_timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def run_wrk(base: str, path: str, cookie: str | None, connections: int, seconds: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_LUA)
        script = f.name
    args = ["User-Agent", UA, "Accept", "text/html"]
    if cookie:
        args += ["Cookie", cookie]
    cmd = [
        "wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
        "--timeout", "10s", "-s", script, base + path, "--", *args,
    ]  # fmt: skip
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=seconds + 30, check=False
        ).stdout
    finally:
        os.unlink(script)
    line = next((x for x in out.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {out[-500:]}")
    r = json.loads(line[len("WRKJSON ") :])
    wall = r["duration_us"] / 1e6
    socket_errors = r["err_connect"] + r["err_read"] + r["err_write"] + r["err_timeout"]
    return {
        "requests": r["requests"],
        "rps": round(r["requests"] / wall, 1),
        "p50_ms": round(r["p50_us"] / 1000, 1),
        "p95_ms": round(r["p95_us"] / 1000, 1),
        "p99_ms": round(r["p99_us"] / 1000, 1),
        "max_ms": round(r["max_us"] / 1000, 1),
        "errors_status": r["err_status"],
        "errors_socket": socket_errors,
        "wrk_errors": {k: v for k, v in r.items() if k.startswith("err_")},
    }


def run_threads(base: str, path: str, cookies: dict, connections: int, seconds: float) -> dict:
    rec = Recorder()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        client = Client(base, cookies)
        while time.perf_counter() < deadline:
            timed_get(client, rec, "x", path)
        client.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + HTTP_TIMEOUT + 5)
    return rec.summary("x", time.perf_counter() - start)


def saturate(args, targets: dict) -> list[dict]:
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    session = targets["sessions"][0]
    cookie_name = targets["session_cookie_name"]
    cases = []
    for name in ("baseline", "home", "course", "lesson", "recording"):
        path = targets["pages"].get(name)
        if path:
            cases.append((name, "anonymous", path, None))
            cases.append((name, "signed in", path, session))
    results = []
    for name, auth, path, sess in cases:
        cookie_header = f"{cookie_name}={sess}" if sess else None
        cookies = {cookie_name: sess} if sess else {}
        # Warm-up (not recorded): every worker process renders the page a few times.
        warm = Client(args.base, cookies)
        status, _, _ = warm.request("GET", path)
        warm.close()
        if not 200 <= status < 400:
            print(f"warning: {path} ({auth}) answered {status}", file=sys.stderr)
        if tool == "wrk":
            run_wrk(args.base, path, cookie_header, args.connections, args.warmup)
        else:
            run_threads(args.base, path, cookies, args.connections, args.warmup)
        meter = CpuMeter()
        if tool == "wrk":
            r = run_wrk(args.base, path, cookie_header, args.connections, args.duration)
        else:
            r = run_threads(args.base, path, cookies, args.connections, args.duration)
        r.update(meter.stop())
        if "server_cpu_s" in r and r["requests"]:
            r["server_cpu_ms_per_req"] = round(r["server_cpu_s"] * 1000 / r["requests"], 1)
        r.update({"page": name, "auth": auth, "path": path, "first_status": status})
        results.append(r)
        print(
            f"  {name:10s} {auth:10s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.1f} ms"
            f"  p95 {r['p95_ms']:7.1f}  p99 {r['p99_ms']:7.1f}"
            f"  errors {r['errors_status']}+{r['errors_socket']}"
            f"  cpu {r['machine_cpu_busy']:.0%} (loadgen {r['loadgen_cores']:.2f} cores,"
            f" stack {r.get('server_cores', '?')} cores, {r.get('server_cpu_ms_per_req', '?')}"
            f" ms/req, load {r['loadavg_1m']})",
            file=sys.stderr,
        )
        time.sleep(1)
    for r in results:
        base = next(x for x in results if x["page"] == "baseline" and x["auth"] == r["auth"])
        r["ratio_to_baseline"] = round(base["rps"] / r["rps"], 1) if r["rps"] else math.inf
    return results, tool


# --- exercise submissions ---------------------------------------------------------------

CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def submit(args, targets: dict) -> dict | None:
    exercise = targets.get("exercise")
    if not exercise:
        return None
    workspaces = exercise["workspaces"]
    cookie_name = targets["session_cookie_name"]
    sessions = targets["sessions"][1:] or targets["sessions"]
    rec = Recorder()
    deadline = time.perf_counter() + args.duration
    submitted = [0]
    problems: list[str] = []

    def worker(index: int) -> None:
        client = Client(args.base, {cookie_name: sessions[index % len(sessions)]})
        n = 0
        while time.perf_counter() < deadline:
            workspace = workspaces[(index + n) % len(workspaces)]
            n += 1
            start = time.perf_counter()
            try:
                status, html, _ = client.request("GET", workspace)
                rec.ok("workspace GET", time.perf_counter() - start, status)
                token = CSRF_RE.search(html)
                start = time.perf_counter()
                status, body, _ = client.request(
                    "GET", workspace + "transfer.json", headers={"Accept": "application/json"}
                )
                rec.ok("transfer.json GET", time.perf_counter() - start, status)
                if token is None or status != 200:
                    if len(problems) < 5:
                        problems.append(f"no token or transfer {status} on {workspace}")
                    continue
                values = json.loads(body)["values"]
                form = [("csrfmiddlewaretoken", token.group(1).decode()), ("action", "submit")]
                for key, value in values.items():
                    for v in value if isinstance(value, list) else [value]:
                        form.append((key, "on" if v is True else str(v)))
                payload = urllib.parse.urlencode(form).encode()
                start = time.perf_counter()
                status, body, response = client.request(
                    "POST",
                    workspace,
                    body=payload,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": args.base + workspace,
                    },
                )
                rec.ok("report POST (submit)", time.perf_counter() - start, status)
                location = response.getheader("Location") or ""
                if status == 302 and "/exercises/submissions/" in location:
                    with rec.lock:
                        submitted[0] += 1
                elif len(problems) < 5:
                    problems.append(f"POST {workspace} -> {status}: {body[:300]!r}")
            except (OSError, http.client.HTTPException) as error:
                rec.fail("report POST (submit)", error)
        client.close()

    meter = CpuMeter()
    start = time.perf_counter()
    threads = [
        threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.submitters)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=args.duration + 3 * HTTP_TIMEOUT + 5)
    wall = time.perf_counter() - start
    steps = {k: rec.summary(k, wall) for k in list(rec.latencies) or ["report POST (submit)"]}
    out = {
        "connections": args.submitters,
        "duration_s": round(wall, 1),
        "submitted": submitted[0],
        "submissions_per_s": round(submitted[0] / wall, 1),
        "steps": steps,
        "problems": problems,
        **meter.stop(),
    }
    print(
        f"  submissions: {submitted[0]} in {wall:.0f} s ({out['submissions_per_s']}/s); "
        f"problems: {problems[:2]}",
        file=sys.stderr,
    )
    return out


# --- the 100-user scenario --------------------------------------------------------------

LEARNER_MIX = [("lesson", 0.5), ("course", 0.2), ("recording", 0.2), ("home", 0.1)]
VISITOR_MIX = [("home", 0.4), ("course", 0.4), ("recording", 0.2)]


def scenario(args, targets: dict) -> dict:
    pages = targets["pages"]
    cookie_name = targets["session_cookie_name"]
    sessions = targets["sessions"]
    rec = Recorder()
    rng = random.Random(args.seed)
    start = time.perf_counter()
    deadline = start + args.duration
    max_requests = int(args.users * args.duration / args.think * 3) + 100  # hard cap
    issued = [0]

    def user(index: int, seed: int) -> None:
        r = random.Random(seed)
        learner = index < round(args.users * 0.6)
        cookies = {cookie_name: sessions[index % len(sessions)]} if learner else {}
        mix = [(p, w) for p, w in (LEARNER_MIX if learner else VISITOR_MIX) if pages.get(p)]
        names, weights = zip(*mix, strict=True)
        auth = "signed in" if learner else "anonymous"
        client = Client(args.base, cookies)
        time.sleep(r.uniform(0, args.think))  # stagger the start
        while True:
            now = time.perf_counter()
            if now >= deadline:
                break
            with rec.lock:
                if issued[0] >= max_requests:
                    break
                issued[0] += 1
            page = r.choices(names, weights)[0]
            timed_get(client, rec, f"{page}|{auth}", pages[page])
            think = r.expovariate(1 / args.think)
            time.sleep(max(0.0, min(think, deadline - time.perf_counter())))
        client.close()

    meter = CpuMeter()
    threads = [
        threading.Thread(target=user, args=(i, rng.randrange(2**32)), daemon=True)
        for i in range(args.users)
    ]
    for t in threads:
        t.start()
    progress_every = max(10.0, args.duration / 10)
    next_report = start + progress_every
    while any(t.is_alive() for t in threads) and time.perf_counter() < deadline + HTTP_TIMEOUT + 5:
        time.sleep(0.5)
        if time.perf_counter() >= next_report:
            next_report += progress_every
            done = sum(len(v) for v in rec.latencies.values())
            errors = sum(rec.socket_errors.values())
            elapsed = time.perf_counter() - start
            print(f"  ... {elapsed:5.0f} s, {done} requests, {errors} errors", file=sys.stderr)
    wall = time.perf_counter() - start
    per_page = {k: rec.summary(k, wall) for k in sorted(rec.latencies)}
    all_lat = sorted(x for v in rec.latencies.values() for x in v)
    total_errors = sum(v["errors_status"] + v["errors_socket"] for v in per_page.values())
    total_errors += sum(n for k, n in rec.socket_errors.items() if k not in per_page)
    return {
        "users": args.users,
        "think_s": args.think,
        "duration_s": round(wall, 1),
        "requests": len(all_lat),
        "rps": round(len(all_lat) / wall, 1),
        "p50_ms": round(percentile(all_lat, 50) * 1000, 1),
        "p95_ms": round(percentile(all_lat, 95) * 1000, 1),
        "p99_ms": round(percentile(all_lat, 99) * 1000, 1),
        "errors": total_errors,
        "error_samples": rec.error_samples,
        "per_page": per_page,
        **meter.stop(),
    }


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
            ok = lesson["p95_ms"] < 300 and s["errors"] == 0
            lines.append(
                f"\nTarget (zero errors, signed-in lesson p95 < 300 ms): "
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
    global SERVER_PID
    SERVER_PID = args.server_pid

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
