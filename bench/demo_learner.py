"""The demo course, its quiz lesson and a throw-away resident enrolled in it: what the
page benchmarks request (`bench_pages.py`, `bench_instructions.py`). Needs Django set up
and the demo loaded (`manage.py load_demo`)."""

from __future__ import annotations

import sys

BENCH_EMAIL = "bench-resident@example.invalid"
COURSE_SLUG = "structured-reporting-dicom-sr"
LESSON_SLUG = "tid-1500-and-5100"


def demo_course_lesson_and_learner():
    """(course, lesson with a quiz, enrolled resident), the resident created once."""
    from courses import services
    from courses.models import CoursePage, LessonPage
    from members.models import User
    from members.roles import Role
    from members.services import grant_role

    course = CoursePage.objects.live().filter(slug=COURSE_SLUG).first()
    if course is None:
        sys.exit("Load the demo content first: manage.py load_demo")
    lessons = LessonPage.objects.descendant_of(course).live()
    lesson = lessons.filter(slug=LESSON_SLUG).first() or lessons.first()
    user, created = User.objects.get_or_create(email=BENCH_EMAIL, defaults={"is_active": True})
    if created:
        grant_role(user, Role.RESIDENT)
    services.enrol(user=user, course=course)
    return course, lesson, user
