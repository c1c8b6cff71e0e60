"""`{% card_image page %}`: the image at the top of a course or webinar card.

The authored image (a course's cover image, a recording's poster) when there is one,
else the default generated from the title and curriculum domain
(content.card_images, served by content.views.card_image). Both are decorative on a
card: the card's title, beside it, names what the card is about, so alt is empty.
"""

from __future__ import annotations

from django import template
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from content.card_images import HEIGHT, WIDTH, card_image_key

# One size for every card image: the webinar library prefetches renditions of this spec.
from content.webinars.selectors import POSTER_SPEC as CARD_SPEC

register = template.Library()


def authored_image(page):
    return getattr(page, "cover_image", None) or getattr(page, "poster", None)


def domain_letter(page) -> str:
    """The curriculum domain most of a course's objectives belong to (ties: the first)."""
    objectives = getattr(page, "objectives", None)
    if objectives is None or not getattr(page, "pk", None):
        return ""
    row = (
        objectives.values("topic__domain__letter")
        .annotate(count=Count("pk"))
        .order_by("-count", "topic__domain__letter")
        .first()
    )
    return (row or {}).get("topic__domain__letter") or ""


def default_image_url(page, letter: str | None = None) -> str:
    if letter is None:
        letter = getattr(page, "card_domain_letter", None)
    if letter is None:
        letter = domain_letter(page)
    key = card_image_key(title=page.title, domain_letter=letter)
    return reverse("card-image", kwargs={"key": key})


IMG = '<img class="{}" src="{}" width="{}" height="{}" alt="{}"{}>'


@register.simple_tag
def card_image(page, letter: str | None = None, *, describe: bool = False, eager: bool = False):
    """The card's image; `describe=True` (a page's own header, where no title sits beside
    it as a card's does) gives an authored image its description as alt text."""
    image = authored_image(page)
    loading = "" if eager else format_html(' loading="{}"', "lazy")
    if image is not None:
        rendition = image.get_rendition(CARD_SPEC)
        alt = (getattr(image, "description", "") or "") if describe else ""
        return format_html(
            IMG, "card__image", rendition.url, rendition.width, rendition.height, alt, loading
        )
    url = default_image_url(page, letter)
    return format_html(IMG, "card__image", url, WIDTH, HEIGHT, "", loading)


@register.simple_tag
def default_card_image_url(page, letter: str | None = None) -> str:
    return default_image_url(page, letter)
