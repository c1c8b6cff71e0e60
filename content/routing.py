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

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import HttpRequest
from django.http.request import split_domain_port

from content.fragments import process_memo
from content.page_cache import content_version

ROUTE_SECONDS = 3600


class CachedRouteMixin:
    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        # Hashed: an address can be longer than a cache key may be (memcached: 250).
        path = hashlib.sha256("/".join(path_components).encode()).hexdigest()
        key = ":".join(["route", content_version(), str(self.pk), path])
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


class CachedViewRestrictionsMixin:
    """Which view restrictions apply to the page (its own and its ancestors'), remembered
    per content version: Wagtail asks on every page request, in two queries. Any
    restriction saved or deleted changes the content version (`content.page_cache`)."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        ids = process_memo(
            "view-restrictions",
            self.pk,
            build=lambda: list(
                super(CachedViewRestrictionsMixin, self)
                .get_view_restrictions()
                .values_list("pk", flat=True)
            ),
        )
        # Still a queryset (the admin orders and filters it); with no ids (most pages) it
        # is known empty without a query.
        return PageViewRestriction.objects.filter(pk__in=ids)


class CachedSiteMiddleware:
    """Tell Wagtail's page view which site answers, remembered per host and content
    version, instead of a query (and one more for the root page) on every page request.
    Only Wagtail's page view is given it; other views look the site up as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        from wagtail.models import Site
        from wagtail.views import serve as wagtail_serve

        if view_func is wagtail_serve and not hasattr(request, "_wagtail_site"):
            hostname = split_domain_port(request._get_raw_host())[0]
            port = request.get_port()
            request._wagtail_site = process_memo(
                "site", hostname, port, build=lambda: Site.find_for_request(request)
            )
        return None
