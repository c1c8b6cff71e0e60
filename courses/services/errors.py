"""The refusal of a learner action; its message is safe to show."""

from __future__ import annotations


class CourseError(Exception):
    """A learner action that cannot be done; the message is safe to show."""
