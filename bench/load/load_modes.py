"""The load generator's modes: saturation (wrk or Python threads), exercise submissions and
the 100-user scenario. Every loop is bounded in time."""

from __future__ import annotations

import http.client
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from load_measure import HTTP_TIMEOUT, UA, Client, CpuMeter, Recorder, percentile, timed_get

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
                form = [
                    ("csrfmiddlewaretoken", token.group(1).decode()),
                    ("action", "confirm_submit"),
                ]
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
