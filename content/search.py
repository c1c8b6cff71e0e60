"""Site search beyond Wagtail pages: features register providers of extra results.

A provider is a function (request, query) -> list of dicts with `title`, `url`,
`snippet` and `kind`; webinar transcripts use it to link to a moment in a video.
"""

from collections.abc import Callable

from django.http import HttpRequest

SearchProvider = Callable[[HttpRequest, str], list[dict]]
_providers: list[SearchProvider] = []


def register_search_provider(provider: SearchProvider) -> SearchProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def extra_search_results(request: HttpRequest, query: str) -> list[dict]:
    results: list[dict] = []
    for provider in _providers:
        results.extend(provider(request, query))
    return results
