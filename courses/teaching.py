"""Who teaches what: teaching staff per course, and per exercise through its course.

An instructor sees and manages the learners, gradebooks and trainees' work of the courses
they teach (CoursePage.teaching_staff); staff see everything. An exercise belongs to the
course it sits in, or to the course of the lesson it completes; an exercise in no course
(under the exercise index) is taught by every instructor.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from members.models import User
from members.roles import Role
from members.selectors import has_role, is_teaching_staff


def is_staff(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and has_role(user, Role.STAFF)


def teaches(user: User | AnonymousUser, course) -> bool:
    """May this user see the course's learners and their work?"""
    if not is_teaching_staff(user):
        return False
    if is_staff(user):
        return True
    return course.teaching_staff.filter(pk=user.pk).exists()


def course_of_exercise(exercise):
    """The course an exercise belongs to, or None."""
    from courses.models import CoursePage, LessonPage

    course = CoursePage.objects.ancestor_of(exercise).first()
    if course is None and exercise.lesson_id:
        lesson = LessonPage.objects.filter(pk=exercise.lesson_id).first()
        if lesson is not None:
            course = CoursePage.objects.ancestor_of(lesson).first()
    return course


def teaches_exercise(user: User | AnonymousUser, exercise) -> bool:
    if not is_teaching_staff(user):
        return False
    if is_staff(user):
        return True
    course = course_of_exercise(exercise)
    return course is None or teaches(user, course)


def exercises_taught(user: User | AnonymousUser, exercises):
    """The exercises of `exercises` (a queryset) that the user teaches."""
    if is_staff(user):
        return exercises
    if not is_teaching_staff(user):
        return exercises.none()
    return [exercise for exercise in exercises if teaches_exercise(user, exercise)]
