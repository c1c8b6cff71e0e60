"""The course outline as one fragment per course and content version, shared by all.

The outline (modules, lessons, links) is the same for every visitor; what differs is
which lesson is open and which are done. The fragment holds markers for those two, which
`outline_html` fills in per request: a string pass, not a template render per lesson.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from content.fragments import cached_fragment

_MARKER = re.compile("\x02(here|badge):(\\d+)\x03")


def _render(outline) -> tuple[str, frozenset[int]]:
    html = render_to_string("courses/includes/outline.html", {"outline": outline})
    optional = frozenset(
        lesson.id for module in outline for lesson in module.lessons if not lesson.required
    )
    return str(html), optional


def outline_html(
    course_id: int,
    *,
    outline: Callable[[], Sequence[Any]],
    current_id: int | None = None,
    done_ids: Iterable[int] = (),
) -> SafeString:
    """The outline of the course (rendered from `outline()` on a cache miss only) for this
    visitor."""
    html, optional = cached_fragment("course-outline", course_id, render=lambda: _render(outline()))
    done = set(done_ids)
    done_badge = format_html('<span class="badge badge--ok">{}</span>', gettext("Done"))
    optional_badge = format_html('<span class="badge">{}</span>', gettext("Optional"))

    def fill(match: re.Match) -> str:
        kind, lesson_id = match[1], int(match[2])
        if kind == "here":
            return ' aria-current="page"' if lesson_id == current_id else ""
        if lesson_id in done:
            return done_badge
        return optional_badge if lesson_id in optional else ""

    # Safe: the fragment was rendered (escaped) by the template; markers become fixed HTML.
    return mark_safe(_MARKER.sub(fill, html))  # noqa: S308
