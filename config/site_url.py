"""The site's one address: every absolute URL that leaves the site (certificate verify
links and QR codes, calendar files, emails, payment callbacks) is built from
`settings.ACADEMY_BASE_URL`, never from the Host of whichever request builds it."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path_or_url: str) -> str:
    """`path_or_url` on the configured site URL. A full URL (as allauth builds from the
    request) keeps its path, query and fragment and gets the site's scheme and host."""
    parts = urlsplit(path_or_url or "/")
    url = settings.ACADEMY_BASE_URL + (
        parts.path if parts.path.startswith("/") else "/" + parts.path
    )
    if parts.query:
        url += "?" + parts.query
    if parts.fragment:
        url += "#" + parts.fragment
    return url


def site_host() -> str:
    """The site's host name, without port (calendar UIDs, the email footer)."""
    return urlsplit(settings.ACADEMY_BASE_URL).hostname or ""
