"""Page routing from a cache: which page answers a path, per content version.

Wagtail finds the page for /courses/a/b/c/ by walking the tree, two queries per level
(the child by slug, then its specific row): eight for a lesson. The site root page
(`HomePage`) routes through `CachedRouteMixin`, which remembers the answer (content type
and id of the page whose own route ends the walk) under `page_cache.content_version()`,
so any publish, unpublish, move or delete forgets every route at once. A hit loads the
page in one query and lets it route itself for the last step (so its own `route`, and
Wagtail's check that it is live, still run); what it may show and to whom is decided
after routing, as before (Wagtail's view-restriction hook, the page's serve). Only plain
answers are kept: a page that consumed part of the path itself (routable pages) or any
404 is routed afresh every time.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from content.page_cache import content_version

ROUTE_SECONDS = 3600


class CachedRouteMixin:
    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        key = ":".join(["route", content_version(), str(self.pk), "/".join(path_components)])
        found = cache.get(key)
        if found is not None:
            content_type_id, page_id, url_path = found
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            page = model.objects.filter(pk=page_id, url_path=url_path).first() if model else None
            if page is not None:
                return page.route(request, [])
        result = super().route(request, path_components)
        page, args, kwargs = result
        expected = self.url_path + "/".join(path_components) + "/"
        if not args and not kwargs and page.url_path == expected:
            cache.set(key, (page.content_type_id, page.pk, page.url_path), ROUTE_SECONDS)
        return result
