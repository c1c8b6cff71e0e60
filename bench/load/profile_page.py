"""Profile one page in-process: SQL query count, wall time, and the top cProfile entries.

Runs with whatever settings and database the environment gives. After run_stack.sh
the database academy_bench is left in place, so for instance:

    export DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=x \
        DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false \
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \
        CELERY_BROKER_URL=redis://127.0.0.1:6379/14 REDIS_CACHE_URL=redis://127.0.0.1:6379/14 \
        ACADEMY_TRUSTED_PROXY_COUNT=0 ACADEMY_VAR_DIR=/tmp/academy-bench.XXXXXX \
        ACADEMY_BASE_URL=http://127.0.0.1:8000 DEFAULT_FROM_EMAIL=bench@example.org

(ACADEMY_VAR_DIR: the run's directory, kept at the end; pages need its collected static
files' manifest, or they answer 500.)

    python bench/load/profile_page.py [--signed-in] [--sql] [--n 20] PATH [PATH...]

--signed-in signs the demo resident in (force_login; a new session row).
--sql prints the queries of the last request, grouped by SQL shape with counts.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


class QueryLog:
    """Every SQL statement run through Django's connection, via an execute wrapper."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--signed-in", action="store_true")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    if args.signed_in:
        from members.models import User

        client.force_login(
            User.objects.get(email="resident@demo.academy.test"),
            backend="django.contrib.auth.backends.ModelBackend",
        )
    for path in args.paths:
        for _ in range(3):
            response = client.get(path)
        queries = QueryLog()
        with connection.execute_wrapper(queries):
            response = client.get(path)
        queries = queries.sql
        start = time.perf_counter()
        for _ in range(args.n):
            client.get(path)
        wall = (time.perf_counter() - start) / args.n
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            client.get(path)
        profiler.disable()
        print(
            f"\n== {path} ({'signed in' if args.signed_in else 'anonymous'}): "
            f"status {response.status_code}, {len(queries)} queries, {wall * 1000:.1f} ms/request"
        )
        if args.sql:
            shapes = Counter(re.sub(r"\b\d+\b", "N", q)[:220] for q in queries)
            for sql, n in shapes.most_common(15):
                print(f"  {n:4d} x {sql}")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        print("\n".join(out.getvalue().splitlines()[: args.top + 12]))


if __name__ == "__main__":
    main()
