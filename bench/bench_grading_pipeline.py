"""Grading pipeline through real Celery workers on Redis, against PostgreSQL.

Prints: (1) in-process engine grading time per report (baseline, same run), (2) the same
through the service (database reads/writes, no broker), (3) throughput of N queued
submissions graded by real workers, (4) median time from submit to a visible result.

Needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis). It creates and drops its
own database (<name>_bench_exercises) and routes tasks to a private queue.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_dev \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
    .venv/bin/python bench/bench_grading_pipeline.py [N] [CONCURRENCY]
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must point at PostgreSQL")
    broker = os.environ.get("CELERY_BROKER_URL") or sys.exit("CELERY_BROKER_URL is not set")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    base = settings.DATABASES["default"]["NAME"]
    connection.settings_dict["TEST"].update(NAME=f"{base}_bench_exercises")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    db_name = connection.settings_dict["NAME"]
    queue = f"exercises-bench-{uuid.uuid4().hex[:6]}"
    worker = None
    try:
        from config.celery_app import app
        from courses.exercises import services
        from courses.exercises.models import Submission, SubmissionStatus
        from courses.exercises.tasks import grade_submission_task
        from reporting.grading import compile_key, grade
        from tests.exercises.factories import make_exercise, perfect_report
        from tests.factories import resident

        app.conf.update(
            broker_url=broker,
            task_always_eager=False,
            task_routes={"exercises.*": {"queue": queue}},
        )
        exercise = make_exercise()
        case = exercise.cases.get()
        key = services.effective_key(
            answer_key=services.ensure_key(exercise=exercise, case=case), exercise=exercise
        )
        values = perfect_report(exercise, case)
        values["right_ica_psv"] = values["right_ica_psv"] + 7  # some fields wrong
        user = resident()

        # 1. Baseline: the engine alone, in process.
        compiled = compile_key(key)
        timings = []
        for _ in range(2000):
            t = time.perf_counter()
            grade(compiled, values)
            timings.append(time.perf_counter() - t)
        engine_ms = statistics.median(timings) * 1000
        timings = []
        for _ in range(500):
            t = time.perf_counter()
            grade(key, values)
            timings.append(time.perf_counter() - t)
        engine_compile_ms = statistics.median(timings) * 1000

        # 2. The service in process (DB reads/writes, no broker).
        subs = [
            Submission.objects.create(
                user=user,
                exercise=exercise,
                case=case,
                attempt=1000 + i,
                values=values,
                status=SubmissionStatus.QUEUED,
            )
            for i in range(100)
        ]
        t = time.perf_counter()
        for s in subs:
            services.grade_submission(submission_id=s.pk)
        service_ms = (time.perf_counter() - t) / len(subs) * 1000

        # 3. Throughput through real workers.
        env = {
            **os.environ,
            "DATABASE_URL": _url(connection.settings_dict),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "-Q",
                queue,
                "--loglevel=WARNING",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{queue}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        # Warm-up: one task, so worker start-up is not counted.
        warm = Submission.objects.create(
            user=user,
            exercise=exercise,
            case=case,
            attempt=1,
            values=values,
            status=SubmissionStatus.QUEUED,
        )
        grade_submission_task.delay(warm.pk)
        _wait(lambda: Submission.objects.get(pk=warm.pk).status == "graded", 120)

        batch = [
            Submission.objects.create(
                user=user,
                exercise=exercise,
                case=case,
                attempt=2000 + i,
                values=values,
                status=SubmissionStatus.QUEUED,
            )
            for i in range(n)
        ]
        ids = [s.pk for s in batch]
        t = time.perf_counter()
        for pk in ids:
            grade_submission_task.delay(pk)
        _wait(lambda: Submission.objects.filter(pk__in=ids, status="graded").count() == n, 600)
        elapsed = time.perf_counter() - t
        throughput = n / elapsed

        # 4. Submit -> visible result (the page polls the same row).
        latencies = []
        for _ in range(15):
            other = resident()
            t = time.perf_counter()
            with transaction.atomic():
                s = services.submit(user=other, exercise=exercise, case=case, values=values)
            _wait(lambda s=s: Submission.objects.get(pk=s.pk).status == "graded", 60, step=0.005)
            latencies.append(time.perf_counter() - t)

        print(
            f"Grading pipeline benchmark ({n} submissions, 1 worker, prefork concurrency "
            f"{concurrency}, Redis broker, PostgreSQL)"
        )
        print(f"{'what':58} {'figure':>14}")
        print(f"{'baseline: engine grade(), precompiled key (median)':58} {engine_ms:11.3f} ms")
        print(f"{'engine grade(), key compiled per call (median)':58} {engine_compile_ms:11.3f} ms")
        print(
            f"{'service grade_submission() in process, mean per report':58} {service_ms:11.3f} ms"
        )
        print(f"{'real workers: submissions graded per second':58} {throughput:11.1f} /s")
        print(f"{f'real workers: time for all {n} to be graded':58} {elapsed:11.2f} s")
        print(
            f"{'submit -> graded row visible, median of 15':58} "
            f"{statistics.median(latencies) * 1000:11.1f} ms"
        )
        print(f"{'submit -> graded row visible, max of 15':58} {max(latencies) * 1000:11.1f} ms")
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        connection.creation.destroy_test_db(old_name, verbosity=0)
        _ = db_name


def _url(s: dict) -> str:
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _wait(predicate, timeout: float, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step)
    raise SystemExit(f"timed out after {timeout} s")


if __name__ == "__main__":
    main()
