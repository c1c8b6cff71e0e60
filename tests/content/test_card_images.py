"""Cards without an authored image get a default the site draws from title and domain."""

import pytest

from content.card_images import card_image_key

pytestmark = pytest.mark.django_db


def test_the_default_image_is_an_svg_served_by_the_site_and_cached(client):
    key = card_image_key(title="DICOMweb in practice", domain_letter="B")
    response = client.get(f"/card-images/{key}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "immutable" in response["Cache-Control"]
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<script" not in svg and "http://www.w3.org" in svg
    assert ">B</text>" in svg  # the domain's letter


def test_the_same_title_always_gets_the_same_image_and_domains_differ_in_colour(client):
    first = card_image_key(title="GDPR for imaging AI", domain_letter="F")
    assert first == card_image_key(title="  gdpr for imaging ai ", domain_letter="f")
    other_domain = card_image_key(title="GDPR for imaging AI", domain_letter="A")
    one = client.get(f"/card-images/{first}.svg").content
    two = client.get(f"/card-images/{other_domain}.svg").content
    assert one != two


@pytest.mark.parametrize("key", ["Z-00000000", "A-xyz", "A-0000000g", "..-..", "A-000000001"])
def test_a_key_the_site_never_makes_is_a_404(client, key):
    assert client.get(f"/card-images/{key}.svg").status_code == 404
