"""The pattern page documents every component of the design system, for every visitor."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_pattern_page_shows_each_component_with_usage_notes(client):
    response = client.get("/patterns/")
    assert response.status_code == 200
    page = response.content.decode()
    for heading in (
        "Colour roles",
        "Type scale",
        "Spacing",
        "Buttons",
        "Form controls",
        "Cards",
        "Empty states",
        "Tables",
        "Badges and messages",
        "Focus and motion",
    ):
        assert f">{heading}</h2>" in page
    assert "Regrade all" in page and "button--danger" in page
    assert '<meta name="robots" content="noindex">' in page
    assert re.search(r'<img class="card__image" src="/card-images/[A-Jx]-[0-9a-f]{8}\.svg"', page)


def test_the_example_form_ties_each_error_to_its_control(client):
    page = client.get("/patterns/").content.decode()
    control = re.search(r"<input[^>]*name=\"email\"[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in control
    assert 'aria-describedby="id_email_error"' in control
    assert 'id="id_email_error"' in page
    assert re.search(r'<fieldset class="field fieldset"[^>]*>\s*<legend>Training level', page)
    assert 'type="file"' in page


def test_the_pattern_page_shows_the_contrast_of_each_colour_pair(client):
    page = client.get("/patterns/").content.decode()
    ratios = re.findall(r'<td class="num">(\d+\.\d):1</td><td class="num">(\d\.\d):1</td>', page)
    assert ratios and all(float(ratio) >= float(minimum) for ratio, minimum in ratios)
