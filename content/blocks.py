"""StreamField blocks shared by the site's pages."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", gettext_lazy("Heading 2")), ("h3", gettext_lazy("Heading 3"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "content/blocks/heading.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text=gettext_lazy("Describe the image for people who cannot see it.")
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "content/blocks/figure.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[
            ("info", gettext_lazy("Information")),
            ("tip", gettext_lazy("Tip")),
            ("warning", gettext_lazy("Warning")),
        ],
        default="info",
    )
    title = blocks.CharBlock(max_length=120, required=False)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        template = "content/blocks/callout.html"


def validate_link(value: str) -> None:
    """A path on this site (/curriculum/) or a full http(s) address. Wagtail's URLBlock
    takes full addresses only, so a card could not link to the site's own views (the
    curriculum, exercises, webinars are views, not pages) and still be saved."""
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _("Enter a path on this site, such as /curriculum/, or a full https:// address.")
        ) from None


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300)
    link_page = blocks.PageChooserBlock(required=False)
    link_url = blocks.CharBlock(
        max_length=300,
        required=False,
        validators=[validate_link],
        label=gettext_lazy("Link address"),
        help_text=gettext_lazy("A path on this site (/curriculum/) or a full https:// address."),
    )
    link_label = blocks.CharBlock(max_length=40, required=False)


class CardGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    cards = blocks.ListBlock(CardBlock())

    class Meta:
        icon = "table"
        template = "content/blocks/card_grid.html"


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr", "code", "blockquote"]


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    figure = FigureBlock()
    callout = CalloutBlock()
    cards = CardGridBlock()
