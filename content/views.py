from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Page

from content.search import extra_search_results

MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page_results = Page.objects.none()
    extra: list = []
    if query:
        page_results = Page.objects.live().public().specific().search(query)
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
