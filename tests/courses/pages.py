"""Helpers for the course page tests."""


def quiz_block_id(lesson) -> str:
    return next(b.id for b in lesson.body if b.block_type == "quiz")
