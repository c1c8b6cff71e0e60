"""The home page, standard pages and site search, as a visitor meets them."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Site

from content.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(demo_content):
    return Site.objects.get(is_default_site=True)


def test_home_page_has_landmarks_skip_link_and_demo_notice(client, demo_site):
    page = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in page
    for landmark in ("<header", '<nav id="site-nav"', '<main id="main"', "<footer"):
        assert landmark in page
    assert "Demo content." in page
    assert "Learn imaging informatics" in page


def test_every_asset_is_served_by_the_site(client, demo_site):
    page = client.get("/").content.decode()
    assert "https://" not in page.split("<body")[0]  # no CDN stylesheet or script


def test_pages_carry_a_content_security_policy_without_inline_script(client, demo_site):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_standard_pages_and_footer_links_exist(client, demo_site):
    home = client.get("/").content.decode()
    for slug in ("about", "membership", "privacy", "accessibility"):
        assert f'href="/{slug}/"' in home
        assert client.get(f"/{slug}/").status_code == 200


def test_loading_the_demo_twice_changes_nothing(demo_site):
    counts = (HomePage.objects.count(), StandardPage.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (HomePage.objects.count(), StandardPage.objects.count()) == counts


def test_search_finds_pages_by_their_words(client, demo_site):
    page = client.get("/search/", {"q": "accessibility"}).content.decode()
    assert "Accessibility statement" in page


def test_search_without_results_says_so(client, demo_site):
    page = client.get("/search/", {"q": "zyxwvut"}).content.decode()
    assert "Nothing matched" in page


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "about", "page": "999"},
        {"q": "about", "page": "abc"},
        {"q": "<script>"},
    ],
)
def test_search_survives_odd_input(client, demo_site, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_unknown_page_is_a_friendly_404(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_anonymous_visitors_get_a_cached_page_until_it_is_published_again(client, demo_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    about = StandardPage.objects.get(slug="about")
    with CaptureQueriesContext(connection) as rendering:
        assert client.get("/about/").status_code == 200
    with CaptureQueriesContext(connection) as from_cache:
        cached = client.get("/about/")
    assert len(rendering) > 0
    assert len(from_cache) == 0  # answered before the session, the user or Wagtail
    assert "About the Academy" in cached.content.decode()

    about.title = "About us"
    about.save_revision().publish()
    assert "About us" in client.get("/about/").content.decode()


def test_signed_in_visitors_are_never_served_the_anonymous_copy(client, demo_site):
    from tests.factories import UserFactory

    client.get("/")
    client.force_login(UserFactory(display_name="Dr Cache Test"))
    assert "Dr Cache Test" in client.get("/").content.decode()
