"""What a course card needs beyond the course row, for many courses in a constant number
of queries: the curriculum domain its image takes its colour from, and the authored
image's rendition at the card size."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model

from content.webinars.selectors import POSTER_SPEC as CARD_SPEC


def prepare_course_cards(courses: Iterable) -> None:
    """Set `card_domain_letter` on each course (read by `{% card_image %}`) and prefetch
    the renditions of their cover images at the card size."""
    from courses.models import CoursePage

    courses = list(courses)
    if not courses:
        return
    counts: dict[int, Counter] = {course.pk: Counter() for course in courses}
    rows = CoursePage.objectives.through.objects.filter(coursepage_id__in=counts).values_list(
        "coursepage_id", "learningobjective__topic__domain__letter"
    )
    for course_id, letter in rows:
        counts[course_id][letter] += 1
    for course in courses:
        ranked = sorted(counts[course.pk].items(), key=lambda item: (-item[1], item[0]))
        course.card_domain_letter = ranked[0][0] if ranked else ""
    with_images = [course for course in courses if course.cover_image_id]
    if with_images:
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_SPEC)
        prefetch_related_objects(
            with_images, Prefetch("cover_image__renditions", queryset=renditions)
        )
