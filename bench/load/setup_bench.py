"""Prepare the load test: find the target pages, sign in the demo resident, write targets.

Run inside the stack's environment (production settings, the bench database), after
`migrate` and `load_demo`:

    python bench/load/setup_bench.py bench/out/targets.json

What it does, all in the bench database only:
- sets a known password on the demo resident (resident@demo.academy.test; no TOTP needed),
  enrols it in the demo course "structured-reporting-dicom-sr";
- creates BENCH_USERS more residents (bench-resident-NN@example.invalid), enrolled too, so
  that concurrent users do not all share one user's rows (the submission path locks a
  user's submissions for a case with SELECT ... FOR UPDATE);
- signs each of them in once with Django's test client `force_login` (the configured
  session engine, so real rows in django_session) and writes the session cookies;
- sets `attempts_allowed = 0` (unlimited) on the demo carotid exercise so that the
  submission benchmark never runs out of attempts (the check itself is then skipped: one
  COUNT query fewer per submission than with a limit);
- writes a JSON file of URLs and cookies for bench/load/loadgen.py (a separate process).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

RESIDENT = "resident@demo.academy.test"
PASSWORD = "bench-resident-password-1"  # only ever set in the throw-away bench database
COURSE_SLUG = "structured-reporting-dicom-sr"
LESSON_SLUG = "tid-1500-and-5100"
RECORDING_SLUG = "dicomweb-in-practice"  # public: same content anonymous and signed in
EXERCISE_SLUG = "demo-carotid-stenosis-exercise"
N_USERS = int(os.environ.get("BENCH_USERS", "24"))


def main(out: Path) -> None:
    from courses import services
    from courses.models import CoursePage, LessonPage
    from members.models import User

    course = CoursePage.objects.live().get(slug=COURSE_SLUG)
    lesson = (
        LessonPage.objects.descendant_of(course).live().filter(slug=LESSON_SLUG).first()
        or LessonPage.objects.descendant_of(course).live().first()
    )
    user = User.objects.get(email=RESIDENT)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    services.enrol(user=user, course=course)

    recording_url = None
    try:
        from content.webinars.models import RecordingPage

        recording = RecordingPage.objects.live().filter(slug=RECORDING_SLUG).first()
        recording = recording or RecordingPage.objects.live().first()
        recording_url = recording.url if recording else None
    except ImportError:
        pass

    exercise = None
    try:
        from courses.exercises.models import ExercisePage

        page = ExercisePage.objects.live().filter(slug=EXERCISE_SLUG).first()
        if page is not None:
            page.attempts_allowed = 0
            page.save(update_fields=["attempts_allowed"])
            cases = list(page.cases.order_by("pk").values_list("pk", flat=True))
            if cases:
                exercise = {
                    "workspaces": [f"/exercises/{page.pk}/cases/{c}/" for c in cases],
                    "template": page.report_template.slug,
                }
    except ImportError:
        pass

    from members.roles import Role
    from members.services import grant_role

    users = [user]
    for i in range(N_USERS):
        bench_user, created = User.objects.get_or_create(
            email=f"bench-resident-{i:02d}@example.invalid", defaults={"is_active": True}
        )
        if created:
            bench_user.set_password(PASSWORD)
            bench_user.save(update_fields=["password"])
            grant_role(bench_user, Role.RESIDENT)
        services.enrol(user=bench_user, course=course)
        users.append(bench_user)

    cookies = []
    for each in users:
        client = Client()
        client.force_login(each, backend="django.contrib.auth.backends.ModelBackend")
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)

    targets = {
        "pages": {
            "baseline": "/_baseline",
            "home": "/",
            "course": course.url,
            "lesson": lesson.url,
            "recording": recording_url,
        },
        "exercise": exercise,
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "sessions": cookies,
        "user": RESIDENT,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(targets, indent=2))
    print(json.dumps({k: v for k, v in targets.items() if k != "sessions"}, indent=2))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/targets.json"))
