from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from content.card_images import card_svg
from content.patterns import pattern_context
from content.search import extra_search_results, search_pages

MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    # A NUL is never meaningful and PostgreSQL refuses it in a query parameter.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    # The SQLite backend quotes each term without escaping a '"' (an FTS5 syntax error).
    terms = query.replace('"', " ").strip()
    results, hits, extra = None, [], []
    if query:
        if terms:
            results, hits = search_pages(request, terms, request.GET.get("page", 1))
        extra = extra_search_results(request, query)
    return render(
        request,
        "content/search.html",
        {
            "search_query": query,
            "search_results": results,
            "page_hits": hits,
            "extra_results": extra,
        },
    )


@require_GET
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def card_image(request: HttpRequest, key: str) -> HttpResponse:
    """The generated default image of a card; the key says all it depends on."""
    svg = card_svg(key=key)
    if svg is None:
        raise Http404(gettext("No such card image."))
    return HttpResponse(svg, content_type="image/svg+xml")


@require_GET
def patterns(request: HttpRequest) -> HttpResponse:
    """The design system's pattern page: every component with its usage notes."""
    return render(request, "content/patterns.html", pattern_context())
