"""A whole-page cache for anonymous visitors, answered before Wagtail routes the request.

Pages opt in with `content.models.AnonymousPageCacheMixin`, which stores their rendered
HTML; `AnonymousPageCacheMiddleware` answers later requests for the same URL from the
cache without touching the session, the user or the database. Publishing or unpublishing
a page deletes its copy (signals below).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

_PREFIX = "anon-page:"


def _key(host: str, path: str) -> str:
    # By host name without the port, so that publishing can name every key of a page.
    return f"{_PREFIX}{host.rsplit(':', 1)[0].lower()}:{path}"


def _is_anonymous_visit(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.GET  # query strings (search, filters) are never cached
    )


def may_store(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        _is_anonymous_visit(request)
        and not request.user.is_authenticated
        and not getattr(request, "is_preview", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
    )


def store(request: HttpRequest, response: HttpResponse, seconds: int) -> None:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    cache.set(
        _key(request.get_host(), request.path),
        (response.content, response["Content-Type"]),
        seconds,
    )


def forget(host: str, path: str) -> None:
    cache.delete(_key(host, path))


class AnonymousPageCacheMiddleware:
    """Answers anonymous GETs from the page cache. Sits after the security and CSP
    middleware (so their headers are added) and before anything that reads the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_anonymous_visit(request):
            cached = cache.get(_key(request.get_host(), request.path))
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
                # Signed-in visitors get another page: no shared cache may reuse this one.
                response["Vary"] = "Cookie"
                return response
        return self.get_response(request)


def _forget_page(sender, instance, **kwargs) -> None:
    url_parts = instance.get_url_parts()
    if not url_parts:
        return
    _site_id, root_url, page_path = url_parts
    # The key holds the Host header the visitor sent; forget the page under every host
    # the site answers to.
    hosts = {root_url.split("://", 1)[-1], *settings.ALLOWED_HOSTS, "testserver"}
    hosts = {host.lstrip(".") for host in hosts if host != "*"}
    for host in hosts:
        forget(host, page_path)


def connect_signals() -> None:
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(_forget_page, dispatch_uid="anon-page-cache-published")
    page_unpublished.connect(_forget_page, dispatch_uid="anon-page-cache-unpublished")
