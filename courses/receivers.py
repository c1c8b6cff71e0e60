"""Signal receivers of the courses feature (connected in CoursesConfig.ready)."""

from __future__ import annotations


def lesson_published(sender, instance, revision=None, **kwargs) -> None:
    """A lesson's quiz questions written inline join the question bank when it is published."""
    from courses.services.inline_questions import publish_inline_questions

    publish_inline_questions(lesson=instance, revision=revision)
