"""Two instructors of different courses: each sees only the learners, gradebooks, keys and
submissions of the course they teach (staff see everything: the permission matrix)."""

from __future__ import annotations

import pytest

from tests.security.matrix import (
    BAD,
    NF,
    OK,
    REDIR,
    F,
    classify,
    private_names,
    send,
)

pytestmark = pytest.mark.django_db

E = "/exercises"


# --- two instructors of different courses ------------------------------------------------

# (method, url, data, the demo course's instructor, the other course's instructor). The
# exercises belong to the demo course; staff see everything (the matrix above).
# fmt: off
TEACHING: list[tuple[str, str, dict | None, str, str]] = [
    ("GET",  "/learn/courses/{course_id}/instructor/",            None, OK, F),
    ("GET",  "/learn/courses/{course_id}/instructor/?format=csv", None, OK, F),
    ("GET",  "/learn/courses/{course_id}/cohort/",                None, OK, F),
    ("POST", "/learn/courses/{course_id}/cohort/",       {"emails": ""}, BAD, F),
    ("GET",  "/learn/courses/{other_course_id}/instructor/",      None, F, OK),
    ("GET",  "/learn/courses/{other_course_id}/instructor/?format=csv", None, F, OK),
    ("GET",  "/learn/courses/{other_course_id}/cohort/",          None, F, OK),
    ("GET",  E + "/manage/",                                      None, OK, OK),
    ("GET",  E + "/manage/{exercise_id}/gradebook/",              None, OK, F),
    ("GET",  E + "/manage/{exercise_id}/gradebook.csv",           None, OK, F),
    ("GET",  E + "/manage/{exercise_id}/trainees/{owner_id}/",    None, OK, F),
    ("GET",  E + "/manage/{exercise_id}/keys/",                   None, OK, F),
    ("GET",  E + "/manage/{exercise_id}/keys/{case_id}/",         None, OK, F),
    ("GET",  E + "/manage/{exercise_id}/preview/{case_id}/",      None, OK, F),
    ("GET",  E + "/manage/exercises/{exercise_id}/cases/",        None, OK, F),
    ("GET",  E + "/manage/exercises/{exercise_id}/rubric/",       None, OK, F),
    ("GET",  E + "/manage/exercises/{exercise_id}/keys/",         None, OK, F),
    ("GET",  E + "/manage/exercises/{exercise_id}/preview/",      None, OK, F),
    ("POST", E + "/manage/exercises/{exercise_id}/preview/",      {}, REDIR, F),
    ("POST", E + "/manage/{exercise_id}/regrade/",                {}, REDIR, F),
    ("GET",  E + "/manage/regrades/{job}/",                       None, OK, F),
    ("GET",  E + "/submissions/{b_submission}/",                  None, OK, NF),
    ("GET",  E + "/submissions/{b_submission}/status/",           None, OK, NF),
    ("GET",  E + "/submissions/{b_submission}/report.dcm",        None, OK, NF),
    ("GET",  E + "/submissions/{b_submission}/report.fhir.json",  None, OK, NF),
    ("GET",  E + "/submissions/{b_submission}/report.pdf",        None, OK, NF),
    ("GET",  E + "/submissions/{b_deferred_submission}/",         None, OK, NF),
]
# fmt: on


def test_two_instructors_see_only_what_they_teach(world):
    from django.test import Client

    from tests.support.signin import sign_in

    teacher = world.client("instructor", raise_request_exception=False)
    other = sign_in(Client(raise_request_exception=False), world.objects["other_instructor"])
    ids = {**world.ids["instructor"], **private_names(world)}
    mismatches = []
    for method, url, data, expect_teacher, expect_other in TEACHING:
        path = url.format(**ids)
        for who, client, expected in (
            ("teacher", teacher, expect_teacher),
            ("other", other, expect_other),
        ):
            got = classify(send(client, method, path, data))
            if got != expected:
                mismatches.append(f"{who}: {method} {path}: expected {expected}, got {got}")
    assert not mismatches, "\n  ".join(["", *mismatches])


def test_the_other_instructor_finds_no_learner_of_the_demo_course(world):
    """The exercise tools list only what the instructor teaches, and no page of theirs
    names user B (who is enrolled in the demo course and submitted its exercises)."""
    from django.test import Client

    from tests.support.signin import sign_in

    other = sign_in(Client(), world.objects["other_instructor"])
    exercise = world.objects["exercise"]
    home = send(other, "GET", "/exercises/manage/").content.decode()
    assert f"/exercises/manage/{exercise.pk}/gradebook/" not in home
    teacher_home = send(world.client("instructor"), "GET", "/exercises/manage/").content.decode()
    assert f"/exercises/manage/{exercise.pk}/gradebook/" in teacher_home  # control
    course = send(other, "GET", world.objects["course"].url).content.decode()
    assert "Instructor view" not in course
