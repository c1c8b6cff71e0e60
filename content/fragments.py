"""Rendered fragments shared by every visitor, cached by the site's content version.

A fragment is HTML that depends only on published content (the curriculum, a course's
outline, the recordings library), never on the visitor. Its key holds
`page_cache.content_version()`, which every publish, unpublish, move, delete, privacy or
curriculum change replaces, so a change shows at once and a stale fragment is never read
again. Only what *every* visitor may see goes in: callers render members-only or
per-visitor parts outside the fragment (or fill in per-visitor markers, see
`courses.outline`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from content.page_cache import content_version

FRAGMENT_SECONDS = 24 * 3600


def cached_fragment(name: str, *parts: Any, render: Callable[[], Any]) -> Any:
    """The cached value of fragment `name` for `parts`, rendered by `render` on a miss."""
    key = ":".join(["fragment", content_version(), name, *(str(p) for p in parts)])
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value
