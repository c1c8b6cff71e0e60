"""The webinar index: upcoming webinars and the filtered recording library."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.query import PageQuerySet

from content.webinars.models import (
    RecordingPage,
    Speaker,
    WebinarPage,
)

# --- Index and library --------------------------------------------------------------------


def upcoming_webinars(
    parent: Page | None = None, now: datetime.datetime | None = None
) -> PageQuerySet:
    webinars = WebinarPage.objects.live().filter(end__gt=now or timezone.now())
    if parent is not None:
        webinars = webinars.child_of(parent)
    return webinars.order_by("start")


def filtered_recordings(
    parent: Page | None = None,
    domain: str = "",
    speaker_id: int | None = None,
    year: int | None = None,
) -> PageQuerySet:
    recordings = RecordingPage.objects.live()
    if parent is not None:
        recordings = recordings.child_of(parent)
    if domain:
        recordings = recordings.filter(domains__slug=domain)
    if speaker_id:
        recordings = recordings.filter(speaker_links__speaker_id=speaker_id)
    if year:
        recordings = recordings.filter(recorded_on__year=year)
    # The library shows each poster at one size: posters and their renditions in two
    # queries for the whole list, not two per recording.
    rendition_model = get_image_model().get_rendition_model()
    renditions = Prefetch(
        "poster__renditions", queryset=rendition_model.objects.filter(filter_spec=POSTER_SPEC)
    )
    return (
        recordings.distinct()
        .select_related("poster")
        .prefetch_related(renditions)
        .order_by("-recorded_on", "title")
    )


# The size of the posters on the library page (webinar_index_page.html says it too).
POSTER_SPEC = "fill-480x270"


# The library's year filter: anything else cannot be a recording's year.
YEAR_RANGE = {"minimum": 1900, "maximum": 2100}


def index_context(index_page: Page, request: HttpRequest) -> dict:
    from taggit.models import Tag

    from config.inputs import clean_text, optional, parse_id, parse_int

    # An impossible filter is a 400 with a message (config.inputs), not an empty list.
    domain = clean_text(request.GET.get("domain", ""), field="domain", max_length=100)
    speaker_id = optional(request.GET, "speaker", parse_id)
    year = optional(request.GET, "year", parse_int, **YEAR_RANGE)
    from content.page_cache import content_version

    all_recordings = RecordingPage.objects.live().child_of(index_page)

    def years() -> list[int]:  # called by the template only when the fragment is not cached
        dates = all_recordings.values_list("recorded_on", flat=True)
        return sorted({d.year for d in dates}, reverse=True)

    return {
        "content_version": content_version(),
        "upcoming": upcoming_webinars(index_page),
        "recordings": filtered_recordings(index_page, domain, speaker_id, year),
        "domain_options": Tag.objects.filter(webinars_recordingdomaintag_items__isnull=False)
        .distinct()
        .order_by("name"),
        "speaker_options": Speaker.objects.filter(
            pk__in=all_recordings.values("speaker_links__speaker")
        ),
        "year_options": years,
        "selected": {"domain": domain, "speaker": speaker_id, "year": year},
        "filtered": bool(domain or speaker_id or year),
    }
