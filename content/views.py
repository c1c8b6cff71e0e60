from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
