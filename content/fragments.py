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


# Values kept in this process for the current content version: for small, read-only
# objects that every page request needs (the site, a page's view restrictions), where
# even a cache round trip and unpickling cost more than the lookup saves.
_MEMO_LIMIT = 10_000
_memo: dict[str, Any] = {}
_memo_version = [""]


def process_memo(name: str, *parts: Any, build: Callable[[], Any]) -> Any:
    """`build()`, remembered in this process until the content version changes. Whatever
    it returns is shared by every request of the process: callers must not change it."""
    version = content_version()
    if _memo_version[0] != version or len(_memo) >= _MEMO_LIMIT:
        _memo.clear()
        _memo_version[0] = version
    key = ":".join([name, *(str(p) for p in parts)])
    try:
        return _memo[key]
    except KeyError:
        value = _memo[key] = build()
        return value
