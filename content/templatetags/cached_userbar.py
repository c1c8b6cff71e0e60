"""Wagtail's user bar for authors, rendered once per session, page and content version.

Rendering it costs an author 6 to 8 queries on every page (admin-access permissions, the
Wagtail profile twice for language and theme, the page's permissions, its workflow
states). What it shows depends only on who is signed in (this session), the page and the
published content, so the HTML is kept in the shared cache under the session key, the
page and `content_version()` (which every publish or move replaces). A permission change
shows within USERBAR_SECONDS, or at the next sign-in (a new session key). Previews and
revisions are never cached.
"""

from __future__ import annotations

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar

from content.page_cache import content_version

register = template.Library()
USERBAR_SECONDS = 300


@register.simple_tag(takes_context=True)
def cached_userbar(context, position: str = "bottom-right") -> str:
    request = context.get("request")
    session = getattr(request, "session", None)
    session_key = getattr(session, "session_key", None)
    if (
        request is None
        or not session_key
        or getattr(request, "in_preview_panel", False)
        or getattr(request, "revision_id", None)
        or getattr(request, "is_preview", False)
    ):
        return wagtailuserbar(context, position)
    page = get_page_instance(context)
    key = ":".join(
        [
            "userbar",
            content_version(),
            session_key,
            str(getattr(page, "pk", "") or ""),
            get_language() or "",
            request.get_host(),
            position,
        ]
    )
    html = cache.get(key)
    if html is None:
        html = wagtailuserbar(context, position)
        cache.set(key, html, USERBAR_SECONDS)
    return mark_safe(html)  # noqa: S308 -- Wagtail's own rendered user bar
