"""StreamField blocks of a lesson: text, figures, captioned video, documents, quizzes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtailmedia.blocks import VideoChooserBlock

from content.blocks import CalloutBlock, FigureBlock
from courses.quiz_blocks import QuizBlock

LESSON_RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "bold",
    "italic",
    "link",
    "ol",
    "ul",
    "hr",
    "code",
    "blockquote",
]


class CaptionedVideoBlock(blocks.StructBlock):
    """A video from the media library; WCAG 1.2.2 makes captions compulsory here."""

    video = VideoChooserBlock()
    captions = DocumentChooserBlock(
        required=True,
        help_text=gettext_lazy(
            "A WebVTT (.vtt) captions file from the document library. Required."
        ),
    )
    captions_language = blocks.CharBlock(max_length=10, default="en")
    title = blocks.CharBlock(max_length=160, required=False)
    transcript = blocks.RichTextBlock(
        required=False, features=["bold", "italic", "link", "ol", "ul"]
    )

    def clean(self, value):
        errors = {}
        captions = value.get("captions")
        if not value.get("video"):
            errors["video"] = ValidationError(gettext("Choose a video."))
        if not captions:
            errors["captions"] = ValidationError(
                gettext("A video needs captions: choose a WebVTT (.vtt) document.")
            )
        elif not captions.file.name.lower().endswith(".vtt"):
            errors["captions"] = ValidationError(
                gettext("Captions must be a WebVTT file ending in .vtt.")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return super().clean(value)

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(max_length=160, required=False)
    description = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/download.html"


class ReportingExerciseBlock(blocks.StructBlock):
    """A placeholder for a structured-reporting exercise (the exercises feature fills it)."""

    title = blocks.CharBlock(max_length=160)
    instructions = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    exercise_page = blocks.PageChooserBlock(required=False)

    class Meta:
        icon = "form"
        template = "courses/blocks/reporting_exercise.html"


class LessonBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=LESSON_RICH_TEXT_FEATURES)
    figure = FigureBlock()
    video = CaptionedVideoBlock()
    download = DownloadBlock()
    callout = CalloutBlock()
    quiz = QuizBlock()
    reporting_exercise = ReportingExerciseBlock()
