"""The layout's society name, contact address and footer links are read once per content
version, not on every page, and an edit to the site settings shows on the next page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from content.models import FooterLink, SiteSettings
from tests.factories import resident

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


def test_the_layout_reads_the_site_settings_once_and_shows_an_edit_at_once(client, login_as):
    login_as(resident())
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.society_name = "European Society of Imaging Informatics"
    settings.contact_email = "office@example.org"
    settings.save()
    FooterLink.objects.create(settings=settings, label="Imprint", url="https://example.org/i")

    page = client.get("/my-learning/", **HOST).content.decode()
    assert "European Society of Imaging Informatics" in page
    assert 'href="mailto:office@example.org"' in page
    assert '<a href="https://example.org/i">Imprint</a>' in page
    with CaptureQueriesContext(connection) as queries:
        client.get("/my-learning/", **HOST)
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "content_sitesettings" not in read and "content_footerlink" not in read

    settings.society_name = "ESII"
    settings.save()
    FooterLink.objects.create(settings=settings, label="Statutes", url="https://example.org/s")
    page = client.get("/my-learning/", **HOST).content.decode()
    assert "ESII" in page and "European Society of Imaging Informatics" not in page
    assert '<a href="https://example.org/s">Statutes</a>' in page
