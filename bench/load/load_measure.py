"""Measuring for the load generator: percentiles, the stack's own CPU from /proc, the
recorder, and the HTTP client (loopback targets only)."""

from __future__ import annotations

import http.client
import math
import os
import resource
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
