"""The anonymous page cache never serves what an anonymous visitor should no longer get.

Issue 10 item 7. Each change is made as an editor makes it (the admin's privacy form) or
through Wagtail's own page operations, and checked as the next anonymous visitor sees it.
The last test runs two cache clients against one Redis, as two gunicorn workers do.
"""

import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from content.models import StandardPage
from tests.factories import UserFactory
from tests.support.services import broker_url

pytestmark = pytest.mark.django_db


def _page(title: str, parent=None) -> StandardPage:
    parent = parent or Site.objects.get(is_default_site=True).root_page
    page = StandardPage(
        title=title, slug=title.lower().replace(" ", "-"), introduction=f"{title} text."
    )
    parent.add_child(instance=page)
    return StandardPage.objects.get(pk=page.pk)


def _served_from_cache(client, url: str):
    """GET twice; the second answer must come from the cache (no query at all)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(queries) == 0, "the copy was not cached"
    return response


def _superuser(login_as):
    return login_as(UserFactory(is_superuser=True, is_staff=True))


def test_privacy_set_in_the_admin_ends_the_anonymous_copy_at_once(client, login_as):
    page = _page("Board minutes")
    anonymous = Client()
    _served_from_cache(anonymous, page.url)

    editor = _superuser(login_as)
    response = editor.post(
        f"/admin/pages/{page.pk}/privacy/", {"restriction_type": PageViewRestriction.LOGIN}
    )
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=page).exists()

    after = anonymous.get(page.url)
    assert after.status_code == 302
    assert "/login" in after["Location"]


def test_privacy_on_a_parent_ends_the_copies_of_its_children(client):
    parent = _page("Members area")
    child = _page("Members news", parent=parent)
    _served_from_cache(client, child.url)

    PageViewRestriction.objects.create(page=parent, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(child.url).status_code == 302


def test_unpublishing_a_parent_ends_the_copies_of_its_children(client):
    parent = _page("Old section")
    child = _page("Old news", parent=parent)
    _served_from_cache(client, child.url)

    from wagtail.actions.unpublish_page import UnpublishPageAction

    # As the admin's "unpublish, with its subpages" does.
    editor = UserFactory(is_superuser=True, is_staff=True)
    UnpublishPageAction(parent, user=editor, include_descendants=True).execute()

    assert client.get(child.url).status_code == 404


def test_a_moved_page_is_not_served_at_its_old_address(client):
    page = _page("Wandering page")
    new_parent = _page("New home")
    old_url = page.url
    _served_from_cache(client, old_url)

    page.move(new_parent, pos="last-child")

    old = client.get(old_url)
    assert old.status_code in (301, 404)  # Wagtail leaves a redirect to the new address
    assert "Wandering page" in client.get(StandardPage.objects.get(pk=page.pk).url).content.decode()


def test_a_deleted_page_is_gone_for_anonymous_visitors(client):
    page = _page("Doomed page")
    url = page.url
    _served_from_cache(client, url)

    page.delete()

    assert client.get(url).status_code == 404


def test_signed_in_responses_are_private(client):
    page = _page("Any page")
    client.force_login(UserFactory())

    response = client.get(page.url)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


@pytest.mark.services
def test_two_workers_sharing_the_cache_never_serve_a_stale_copy(settings):
    """Worker B serves the copy worker A made; after A unpublishes or restricts a page,
    B's own cache client no longer finds any copy of it (with a per-process cache, or a
    key only A knows to delete, B would go on serving it)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": broker_url(),
            "KEY_PREFIX": "test-page-cache",
        },
    }
    caches["default"].clear()
    unpublished, restricted = _page("Shared unpublished"), _page("Shared restricted")
    worker_a = Client()
    for page in (unpublished, restricted):
        assert worker_a.get(page.url).status_code == 200  # A renders and stores the copy

    def worker_b(url: str) -> dict:
        """Worker B answers a GET in another thread, with its own cache client (Django's
        caches are per thread). Only its page cache runs: a miss falls through to a
        stand-in view, as B's own database would render the page afresh."""
        seen: dict = {}

        def run():
            from django.http import HttpResponse

            from content.page_cache import AnonymousPageCacheMiddleware

            middleware = AnonymousPageCacheMiddleware(lambda request: HttpResponse("afresh"))
            response = middleware(RequestFactory().get(url))
            seen["body"] = response.content.decode()
            seen["client"] = id(caches["default"])

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        return seen

    first = worker_b(unpublished.url)
    assert "Shared unpublished" in first["body"]  # B serves A's copy from the shared cache
    assert first["client"] != id(caches["default"])  # really another cache client

    unpublished.unpublish()
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)

    for page in (unpublished, restricted):
        assert worker_b(page.url)["body"] == "afresh"
    caches["default"].clear()
