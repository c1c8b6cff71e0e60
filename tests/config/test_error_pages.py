"""A newcomer meets the site's own error pages, never Django's debug pages."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}


def test_an_unknown_address_is_the_sites_own_404(client):
    response = client.get("/no-such-page-anywhere/", **HOST)
    page = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page." in page
    assert "Traceback" not in page and "URLconf" not in page


@pytest.mark.parametrize("debug", [False, True])
def test_a_failed_csrf_check_is_the_sites_own_page_even_with_debug_on(debug):
    browser = Client(enforce_csrf_checks=True)
    with override_settings(DEBUG=debug):
        response = browser.post(
            "/accounts/logout/", HTTP_REFERER="http://localhost/curriculum/", **HOST
        )
    page = response.content.decode()
    assert response.status_code == 403
    assert "The form could not be sent" in page and "Nothing was saved." in page
    assert 'href="http://localhost/curriculum/"' in page
    assert "CSRF_FAILURE_VIEW" not in page and "Reason given for failure" not in page
