"""A whole-page cache for anonymous visitors, answered before Wagtail routes the request.

Pages opt in with `content.models.AnonymousPageCacheMixin`, which stores their rendered
HTML; `AnonymousPageCacheMiddleware` answers later requests for the same URL from the
cache without touching the session, the user or the database.

Every key holds the site's **content version**, a token kept in the same (in production
shared) cache. Anything that can change what an anonymous visitor may see or where a page
lives (publishing, unpublishing, moving or deleting a page, a privacy setting, the site
settings behind the header and footer) replaces the token, so every copy made before is
unreachable at once, in every process that shares the cache, descendants and old URLs
included. Cached fragments (`{% cache ... content_version %}`) use the same token.

Signed-in responses are marked `Cache-Control: private`: no shared cache may keep them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

_PREFIX = "anon-page:"
_VERSION_KEY = "content-version"


def content_version() -> str:
    """The current content version (a new one is made if the cache lost it)."""
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(_VERSION_KEY) or "lost"
    return version


def content_changed(**kwargs) -> None:
    """Make every cached page and fragment unreachable. Called from signals: now, so this
    process stops serving old copies, and again after the transaction commits, so a copy
    rendered by another process from the not yet committed state is dropped too."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(_VERSION_KEY, secrets.token_hex(8), timeout=None)


def _key(version: str, host: str, path: str) -> str:
    return f"{_PREFIX}{version}:{host.rsplit(':', 1)[0].lower()}:{path}"


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
    # The version read before the page was rendered: if content changed meanwhile, this
    # copy lands under the old version and is never served.
    version = getattr(request, "_content_version", None) or content_version()
    cache.set(
        _key(version, request.get_host(), request.path),
        (response.content, response["Content-Type"]),
        seconds,
    )


class AnonymousPageCacheMiddleware:
    """Answers anonymous GETs from the page cache. Sits after the security and CSP
    middleware (so their headers are added) and before anything that reads the session.
    On the way out, marks signed-in responses private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_anonymous_visit(request):
            version = content_version()
            cached = cache.get(_key(version, request.get_host(), request.path))
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
                # Signed-in visitors get another page: no shared cache may reuse this one.
                response["Vary"] = "Cookie"
                return response
            request._content_version = version
        response = self.get_response(request)
        if _is_signed_in(request):
            patch_cache_control(response, private=True)
        return response


def _is_signed_in(request: HttpRequest) -> bool:
    # Only a request with a session cookie can be signed in; don't load a session for others.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _page_deleted(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()


def _page_created(sender, instance, created=False, **kwargs) -> None:
    from wagtail.models import Page

    # A page created live (add_child of a live page, as scripts and the demo loader do)
    # is published without Wagtail's page_published signal.
    if created and isinstance(instance, Page) and instance.live:
        content_changed()


def _settings_saved(sender, instance, created=False, **kwargs) -> None:
    # SiteSettings.for_request() creates the default row on a site's first request;
    # that changes nothing anyone has seen.
    if not created:
        content_changed()


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move
    from wagtailmedia.models import get_media_model

    from content.models import FooterLink, SiteSettings

    page_published.connect(content_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(content_changed, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(content_changed, dispatch_uid="page-cache-moved")
    post_delete.connect(_page_deleted, dispatch_uid="page-cache-deleted")
    post_save.connect(_page_created, dispatch_uid="page-cache-created")
    post_save.connect(_settings_saved, sender=SiteSettings, dispatch_uid="page-cache-settings")
    for model in (PageViewRestriction, Site, FooterLink):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{model}")
    for model in (PageViewRestriction, Site, SiteSettings, FooterLink):
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-d-{model}")
    # Cached pages and fragments hold these files' addresses (image renditions, document
    # and video URLs): replacing or deleting one must not leave a cached page pointing at
    # a file that is gone.
    for model in (get_image_model(), get_document_model(), get_media_model()):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-f-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-fd-{model}")
    m2m_changed.connect(
        content_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="page-cache-restriction-groups",
    )
