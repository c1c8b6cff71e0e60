from functools import cache

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

# Main navigation: (label, URL name). Each feature names its entry URL this way; an
# entry whose URL does not exist (a feature not installed) is simply left out.
MAIN_NAVIGATION = (
    (gettext_lazy("Curriculum"), "curriculum"),
    (gettext_lazy("Courses"), "courses"),
    (gettext_lazy("Webinars"), "webinars"),
    (gettext_lazy("Exercises"), "exercises"),
    (gettext_lazy("My learning"), "my-learning"),
)


@cache
def _resolved_navigation() -> tuple[tuple[Promise, str], ...]:
    items = []
    for label, url_name in MAIN_NAVIGATION:
        try:
            items.append((label, reverse(url_name)))
        except NoReverseMatch:
            continue
    return tuple(items)


def navigation(request: HttpRequest) -> dict:
    from members.roles import Role
    from members.selectors import granted_roles

    path = request.path
    navigation = [
        {"label": label, "url": url, "current": path.startswith(url) and url != "/"}
        for label, url in _resolved_navigation()
    ]
    return {
        # Wagtail's user bar costs permission queries: only authors can use it anyway.
        "show_wagtail_userbar": bool(granted_roles(request.user) & {Role.INSTRUCTOR, Role.STAFF}),
        "main_navigation": navigation,
        # What the cached header varies on (templates/base.html).
        "main_navigation_current": next((i["url"] for i in navigation if i["current"]), ""),
    }


def site_identity(request: HttpRequest) -> dict:
    """The society's name, contact address and footer links for the layout, read once per
    content version (content.fragments; saving the site settings or a footer link replaces
    the version) instead of two queries on every page; lazy, so a template that shows none
    of it costs nothing."""
    from django.utils.functional import SimpleLazyObject

    from content.page_cache import content_version

    return {
        "site_identity": SimpleLazyObject(lambda: _site_identity(request)),
        # The key of the layout's cached fragments (templates/base.html).
        "content_version": SimpleLazyObject(content_version),
    }


def _site_identity(request: HttpRequest) -> dict:
    from wagtail.models import Site

    from content.fragments import cached_fragment
    from content.models import SiteSettings

    site = Site.find_for_request(request)
    if site is None:
        return {}

    def read() -> dict:
        settings = SiteSettings.for_site(site)
        return {
            "society_name": settings.society_name,
            "contact_email": settings.contact_email,
            "footer_links": [
                {"href": link.href, "label": link.label} for link in settings.links_for_footer
            ],
        }

    return cached_fragment("site-identity", site.pk, render=read)
