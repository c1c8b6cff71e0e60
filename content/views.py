from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Page

from content.search import extra_search_results

MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    # A NUL is never meaningful and PostgreSQL refuses it in a query parameter.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    # The SQLite backend quotes each term without escaping a '"' (an FTS5 syntax error).
    terms = query.replace('"', " ").strip()
    page_results = Page.objects.none()
    extra: list = []
    if query:
        if terms:
            page_results = Page.objects.live().public().specific().search(terms)
        extra = extra_search_results(request, query)
    paginator = Paginator(page_results, 10)
    try:
        results = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        results = paginator.page(1)
    return render(
        request,
        "content/search.html",
        {"search_query": query, "search_results": results, "extra_results": extra},
    )
