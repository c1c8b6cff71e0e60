"""The layout's shared parts (skip link, header, navigation, search box, footer) are cached
fragments (templates/base.html); what is each visitor's own stays theirs: their name in the
account menu, the section they are in, the words they searched for."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from members.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "localhost"}


def _browser(name: str) -> Client:
    browser = Client()
    browser.force_login(UserFactory(display_name=name, roles=[Role.RESIDENT]))
    return browser


def _current_section(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', html)


def test_each_visitor_sees_their_own_name_and_the_section_they_are_in():
    ada, grace = _browser("Ada Lovelace"), _browser("Grace Hopper")
    pages = {
        ("ada", "/my-learning/"): ada.get("/my-learning/", **HOST).content.decode(),
        ("grace", "/my-learning/"): grace.get("/my-learning/", **HOST).content.decode(),
        ("grace", "/curriculum/"): grace.get("/curriculum/", **HOST).content.decode(),
        ("anonymous", "/curriculum/"): Client().get("/curriculum/", **HOST).content.decode(),
    }
    assert "Ada Lovelace" in pages["ada", "/my-learning/"]
    assert "Ada Lovelace" not in pages["grace", "/my-learning/"] + pages["grace", "/curriculum/"]
    assert "Grace Hopper" in pages["grace", "/curriculum/"]
    assert "Sign out" not in pages["anonymous", "/curriculum/"]
    assert _current_section(pages["ada", "/my-learning/"]) == ["/my-learning/"]
    assert _current_section(pages["grace", "/curriculum/"]) == ["/curriculum/"]
    assert _current_section(pages["anonymous", "/curriculum/"]) == ["/curriculum/"]


def test_the_header_search_box_holds_the_query_only_on_the_results_page():
    browser = _browser("Ada Lovelace")
    results = browser.get("/search/", {"q": '<b>"dicom"</b>'}, **HOST).content.decode()
    box = re.search(r'<input id="site-search-q"[^>]*>', results).group(0)
    assert 'value="&lt;b&gt;&quot;dicom&quot;&lt;/b&gt;"' in box

    later = browser.get("/curriculum/", **HOST).content.decode()
    assert 'value=""' in re.search(r'<input id="site-search-q"[^>]*>', later).group(0)
