"""Shared blocks: a card links to a path on this site or to a full web address."""

import pytest
from django.core.exceptions import ValidationError

from content.blocks import CardBlock


def _clean(link_url: str):
    block = CardBlock()
    value = block.to_python({"title": "Curriculum", "text": "Ten domains.", "link_url": link_url})
    return block.clean(value)


@pytest.mark.parametrize("link", ["/curriculum/", "https://www.eusomii.org/", ""])
def test_a_card_links_to_a_site_path_or_a_web_address(link):
    assert _clean(link)["link_url"] == link


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "//evil.example/", "curriculum", "ftp://files.example/"]
)
def test_a_card_refuses_other_links_with_a_message(link):
    with pytest.raises(ValidationError) as error:
        _clean(link)
    assert "a path on this site" in str(error.value.block_errors["link_url"])
