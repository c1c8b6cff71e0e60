"""Lesson blocks: a video without captions is refused; completion rules need their block."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from courses.blocks import CaptionedVideoBlock
from tests.courses.factories import build_course, lessons_of

pytestmark = pytest.mark.django_db


def test_video_without_captions_is_refused():
    block = CaptionedVideoBlock()
    value = block.to_python({"video": None, "captions": None, "captions_language": "en"})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "captions" in error.value.block_errors


def test_quiz_rule_without_a_quiz_block_is_refused():
    lesson = lessons_of(build_course())[0]
    lesson.completion_rule = "quiz"
    with pytest.raises(ValidationError, match="quiz"):
        lesson.full_clean()
